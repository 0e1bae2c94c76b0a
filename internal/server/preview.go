package server

import (
	"errors"
	"io/fs"
	"sync"
)

// A Preview makes the files of a build still under way, one at a time, as
// *site.Preview does: Has says whether the build makes a file, File makes
// it (fs.ErrNotExist when there is none; another error when it cannot be
// made, say a page that does not render). Both are called concurrently.
type Preview interface {
	Has(name string) bool
	File(name string) ([]byte, error)
}

// SetPreview serves p until the first Swap, so that pages are answered
// while the first build runs. Requests waiting for something to serve are
// answered from it. It is ignored after a Swap or another SetPreview.
func (s *Server) SetPreview(p Preview) {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	old := s.snap.Load()
	if s.first || old.preview != nil {
		return
	}
	s.snap.Store(&snapshot{version: old.version, files: old.files,
		preview: &preview{src: p, served: map[string]*file{}}})
	s.markReady()
}

// markReady tells waiting requests there is something to serve; swapMu is
// held.
func (s *Server) markReady() {
	select {
	case <-s.ready:
	default:
		close(s.ready)
	}
}

// preview is a build under way as served. The files given to browsers are
// kept, so that the build's Swap tells them only what differs from what
// they were given.
type preview struct {
	src Preview

	mu     sync.Mutex
	served map[string]*file // by name, as given to browsers
	ended  bool             // the build was swapped in
}

// open makes the file name, nil when the build makes none. It reports
// false when the preview cannot answer: the file cannot be made, or the
// build was swapped in meanwhile (what the browser would get could then
// differ from what the change event tells it).
func (p *preview) open(name string) (*file, bool) {
	if !p.src.Has(name) {
		return nil, !p.isEnded()
	}
	data, err := p.src.File(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, !p.isEnded()
	}
	if err != nil {
		return nil, false
	}
	f := newFile(name, data)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return nil, false
	}
	p.served[name] = f
	return f, true
}

func (p *preview) isEnded() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ended
}

// end stops serving and returns the files as browsers know them, for
// diffing against next, the build's files: the ones served as they were
// served, and the others the preview had as next has them (no browser has
// seen them, so nothing changed for anyone).
func (p *preview) end(next map[string]*file) map[string]*file {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = true
	files := make(map[string]*file, len(next))
	for name, f := range next {
		if p.src.Has(name) {
			files[name] = f
		}
	}
	for name, f := range p.served {
		files[name] = f
	}
	return files
}

// has reports whether snap has the file name, without making it.
func (snap *snapshot) has(name string) bool {
	if snap.preview != nil {
		return snap.preview.src.Has(name)
	}
	_, ok := snap.files[name]
	return ok
}
