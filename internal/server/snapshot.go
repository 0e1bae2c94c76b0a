package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/content"
)

// A Build is the outcome of one build, good or bad: a built site (Output)
// or a site made on demand (Site).
type Build struct {
	Output fs.FS // the built site
	Site   Site  // or the site, each file made when asked for
	Err    error // the build's problems (see content.List), or nil
	Source fs.FS // the site's sources, to quote the lines around each problem
}

// A Site is a site whose files are made when asked for, as
// *site.Generation makes them. Key changes whenever a file may have
// changed, so that a Swap compares keys instead of bytes, and makes only
// the pages browsers show.
type Site interface {
	Names() []string // every file
	Has(name string) bool
	Key(name string) uint64
	File(name string) ([]byte, error) // fs.ErrNotExist when there is none
}

// A Change says what a Swap changed. The zero Change (see None) means that
// nothing a browser was given changed: no version, no event.
type Change struct {
	Version       string
	Files         int      // output files added, removed or changed
	Pages         []string // HTML files changed, beyond stylesheet fingerprints
	Added         []string // HTML files that are new
	Styles        []string // stylesheets new or changed
	Reload        bool     // every page reloads
	Failed        bool     // the build is broken
	ErrorsChanged bool     // the list of problems differs from the last build's
}

// None reports whether nothing changed.
func (c Change) None() bool { return c.Version == "" }

// snapshot is one build as served. It is never changed once stored.
type snapshot struct {
	version string
	src     source // the last good build's files; nil before one
	source  fs.FS  // the build's sources, for the error page of a page that cannot be made
	failed  bool
	errKey  string // the problems' text, to see whether they changed
	errPage []byte // the error page, when failed
}

// file is one output file.
type file struct {
	data  []byte
	sum   [sha256.Size]byte
	shape [sha256.Size]byte // HTML: the sum with stylesheet fingerprints taken out
	html  bool
	ctype string
}

// Swap makes b the build served, and tells the browsers what changed. It
// returns the change, or the zero Change when nothing a browser was given
// changed.
func (s *Server) Swap(b Build) Change {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	defer s.markReady() // once the build is stored
	old := s.snap.Load()
	next := &snapshot{src: old.src, source: b.Source}
	buildErr := b.Err
	if buildErr == nil {
		switch {
		case b.Output != nil:
			var prev map[string]*file
			if bs, ok := old.src.(*builtSource); ok {
				prev = bs.files
			}
			files, err := readFiles(b.Output, prev)
			if err != nil {
				buildErr = err
			} else {
				next.src = newBuiltSource(files)
			}
		case b.Site != nil:
			if ms, ok := old.src.(*madeSource); ok && ms.site == b.Site {
				break // the same site, checked: keep what was made
			}
			next.src = &madeSource{site: b.Site, files: map[string]*file{}}
		default:
			buildErr = &content.Error{Path: "(output)", Msg: "the build has no output"}
		}
	}
	if buildErr != nil {
		problems := content.List(buildErr)
		next.failed = true
		next.errKey = errorKey(problems)
		next.errPage = errorPage(problems, b.Source)
	}
	c := s.diff(old, next)
	if c.Files == 0 && !c.ErrorsChanged && old.src != nil {
		next.version = old.version // browsers have nothing to learn
		s.snap.Store(next)
		return Change{}
	}
	s.builds++
	next.version = s.start + "." + strconv.Itoa(s.builds)
	c.Version = next.version
	s.hub.publish(next.version, s.changeEvent(c, nil), s.push(old, next, c), func() { s.snap.Store(next) })
	return c
}

// maxPushed is how many open pages a change event carries the content of;
// the browsers showing others fetch theirs.
const maxPushed = 8

// push returns, for each page open in a browser that c makes update in
// place (its file is among c.Pages, or the problems changed), the change
// event that carries what a request for the page gets from next, so that
// the browser shows it without asking. It makes the pages that are not
// made yet.
func (s *Server) push(old, next *snapshot, c Change) map[string][]byte {
	if c.Reload {
		return nil
	}
	every := c.ErrorsChanged || old.failed != next.failed
	msgs := map[string][]byte{}
	for name := range s.hub.open() {
		if len(msgs) == maxPushed {
			break
		}
		if _, listed := slices.BinarySearch(c.Pages, name); !every && !listed {
			continue
		}
		f, err := next.open(name)
		_, body, page, ok := s.answer(next, name, f, err)
		if !ok {
			continue
		}
		if page != nil {
			s.gave(name, page)
		}
		msgs[name] = s.changeEvent(c, body)
	}
	return msgs
}

// diff compares two snapshots. Two built sites are compared file by file.
// Otherwise keys tell which files may have changed, and of the pages among
// them only those a browser was given count: the pages open in a browser
// are made now and compared with what it was given, and the others that
// were served are taken as changed.
func (s *Server) diff(old, next *snapshot) Change {
	c := Change{Failed: next.failed, ErrorsChanged: old.failed != next.failed || old.errKey != next.errKey}
	if old.src == next.src || next.src == nil {
		return c
	}
	ob, oldBuilt := old.src.(*builtSource)
	nb, nextBuilt := next.src.(*builtSource)
	if old.src == nil || (oldBuilt && nextBuilt) {
		var prev map[string]*file
		if oldBuilt {
			prev = ob.files
		}
		var files map[string]*file
		if nextBuilt {
			files = nb.files
		}
		if files != nil {
			diffFiles(&c, prev, files)
			return c
		}
	}
	s.diffKeys(&c, old.src, next.src)
	return c
}

// diffKeys compares a site with the one before by key, asking only for
// the keys of the pages browsers have (served, or open in a stream) and of
// the assets, never listing every file: Files counts only what a browser
// may have: pages served, pages open, stylesheets, other assets. A page
// open as a 404 (a stream names the file it asked for) counts when the
// file is there now, as an added page.
func (s *Server) diffKeys(c *Change, old, next source) {
	open := s.hub.open()
	served := s.servedFiles()
	for name, was := range served {
		switch {
		case old == nil:
		case !next.has(name):
			if old.has(name) {
				c.Files++
				c.Pages = append(c.Pages, name)
			}
		case !old.has(name):
			c.Files++
			c.Pages = append(c.Pages, name)
			c.Added = append(c.Added, name)
		case old.key(name) == next.key(name):
			// it did not change
		case open[name] && sameShape(next, name, was):
			// made now: the bytes did not change
		default:
			c.Files++
			c.Pages = append(c.Pages, name)
		}
	}
	for name := range open {
		if _, ok := served[name]; ok || old == nil || old.has(name) || old.has(name+"/index.html") {
			continue
		}
		if next.has(name) || next.has(name+"/index.html") {
			c.Files++
			c.Pages = append(c.Pages, name)
			c.Added = append(c.Added, name)
		}
	}
	for _, name := range assetNames(next) {
		switch {
		case old == nil || !old.has(name):
			if isStyle(name) {
				c.Files++
				c.Styles = append(c.Styles, name)
			}
		case old.key(name) != next.key(name):
			switch {
			case isStyle(name):
				c.Styles = append(c.Styles, name)
			case !unreferenced(name):
				c.Reload = true
			default:
				continue
			}
			c.Files++
		}
	}
	slices.Sort(c.Pages)
	slices.Sort(c.Added)
	slices.Sort(c.Styles)
}

// sameShape reports whether the page name of src, made now, is the page
// was, stylesheet fingerprints aside.
func sameShape(src source, name string, was *file) bool {
	f, err := src.open(name)
	return err == nil && f != nil && f.shape == was.shape
}

// assetNames returns the names of src's files that are neither pages nor
// unreferenced (see unreferenced): a site that lists its static files
// (Assets, as *site.Generation does) is not asked for every name.
func assetNames(src source) []string {
	var names []string
	if m, ok := src.(*madeSource); ok {
		if a, ok := m.site.(interface{ Assets() []string }); ok {
			names = a.Assets()
		}
	}
	if names == nil {
		names = src.names()
	}
	out := make([]string, 0, len(names))
	for _, name := range names {
		if path.Ext(name) != ".html" && !unreferenced(name) {
			out = append(out, name)
		}
	}
	return out
}

// diffFiles compares two built sites file by file.
func diffFiles(c *Change, old, next map[string]*file) {
	for name, f := range next {
		was, ok := old[name]
		switch {
		case !ok:
			c.Files++
			if f.html {
				c.Pages = append(c.Pages, name)
				c.Added = append(c.Added, name)
			}
			if isStyle(name) {
				c.Styles = append(c.Styles, name)
			}
		case was.sum != f.sum:
			c.Files++
			switch {
			case f.html:
				if was.shape != f.shape {
					c.Pages = append(c.Pages, name)
				}
			case isStyle(name):
				c.Styles = append(c.Styles, name)
			case !unreferenced(name):
				c.Reload = true // an image or script changed under the same name
			}
		}
	}
	for name, f := range old {
		if _, ok := next[name]; !ok {
			c.Files++
			if f.html {
				c.Pages = append(c.Pages, name)
			}
		}
	}
	slices.Sort(c.Pages)
	slices.Sort(c.Added)
	slices.Sort(c.Styles)
}

// A source is the files a snapshot serves.
type source interface {
	names() []string
	has(name string) bool
	key(name string) uint64
	// open returns the file name, nil when there is none, and an error
	// when it cannot be made.
	open(name string) (*file, error)
}

// builtSource is a built site, held whole.
type builtSource struct {
	files  map[string]*file
	sorted []string
}

func newBuiltSource(files map[string]*file) *builtSource {
	return &builtSource{files: files, sorted: slices.Sorted(maps.Keys(files))}
}

func (b *builtSource) names() []string      { return b.sorted }
func (b *builtSource) has(name string) bool { _, ok := b.files[name]; return ok }
func (b *builtSource) key(name string) uint64 {
	if f, ok := b.files[name]; ok {
		return binary.LittleEndian.Uint64(f.sum[:8])
	}
	return 0
}
func (b *builtSource) open(name string) (*file, error) { return b.files[name], nil }

// madeSource is a site made on demand; each file is made once.
type madeSource struct {
	site  Site
	mu    sync.Mutex
	files map[string]*file
}

func (m *madeSource) names() []string        { return m.site.Names() }
func (m *madeSource) has(name string) bool   { return m.site.Has(name) }
func (m *madeSource) key(name string) uint64 { return m.site.Key(name) }

func (m *madeSource) open(name string) (*file, error) {
	m.mu.Lock()
	f, ok := m.files[name]
	m.mu.Unlock()
	if ok {
		return f, nil
	}
	if !m.site.Has(name) {
		return nil, nil
	}
	data, err := m.site.File(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f = newFile(name, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if had, ok := m.files[name]; ok {
		return had, nil
	}
	m.files[name] = f
	return f, nil
}

// readFiles reads a whole build into memory. A file whose bytes are the
// same as in prev keeps prev's entry, so only changed files are hashed.
func readFiles(fsys fs.FS, prev map[string]*file) (map[string]*file, error) {
	if fsys == nil {
		return nil, &content.Error{Path: "(output)", Msg: "the build has no output"}
	}
	files := map[string]*file{}
	if n, ok := fsys.(namer); ok {
		// An in-memory build lists its files: no need to walk folders.
		for _, name := range n.Names() {
			data, err := readFile(fsys, name)
			if err != nil {
				return nil, &content.Error{Path: "(output)", Msg: fmt.Sprintf("cannot read the built site: %v", err)}
			}
			files[name] = reuse(prev, name, data)
		}
		return files, nil
	}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := readFile(fsys, name)
		if err != nil {
			return err
		}
		files[name] = reuse(prev, name, data)
		return nil
	})
	if err != nil {
		return nil, &content.Error{Path: "(output)", Msg: fmt.Sprintf("cannot read the built site: %v", err)}
	}
	return files, nil
}

// reuse returns prev's file when its bytes did not change, else a new one.
func reuse(prev map[string]*file, name string, data []byte) *file {
	if old, ok := prev[name]; ok && bytes.Equal(old.data, data) {
		return old
	}
	return newFile(name, data)
}

// namer is an fs.FS that lists its files, as *site.Output does.
type namer interface {
	Names() []string
}

// lender is an fs.FS that hands out its files' bytes without a copy, as
// *site.Output does; they must not be changed, and are not.
type lender interface {
	File(name string) ([]byte, bool)
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	if l, ok := fsys.(lender); ok {
		if data, ok := l.File(name); ok {
			return data, nil
		}
	}
	return fs.ReadFile(fsys, name)
}

func newFile(name string, data []byte) *file {
	f := &file{data: data, sum: sha256.Sum256(data), ctype: contentType(name, data)}
	f.shape = f.sum
	if path.Ext(name) == ".html" {
		f.html = true
		f.shape = sha256.Sum256(fingerprint.ReplaceAll(data, []byte(".css")))
	}
	return f
}

// fingerprint matches the hash in a fingerprinted stylesheet name, as the
// site writes it: css/site.1a2b3c4d.css.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}\.css`)

func isStyle(name string) bool { return path.Ext(name) == ".css" }

// unreferenced reports whether a file is one pages do not load by a fixed
// name, so that its change alone reloads nothing: data files, feeds
// (Atom, iCalendar), sitemaps. (Fingerprinted scripts get a new name, which changes the pages
// that load them.)
func unreferenced(name string) bool {
	switch path.Ext(name) {
	case ".json", ".xml", ".ics", ".txt", ".map", ".webmanifest":
		return true
	}
	return false
}

// contentType is the media type of a file, from its extension first.
func contentType(name string, data []byte) string {
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".woff2":
		return "font/woff2"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// markReady wakes the requests waiting for the first build; swapMu is
// held.
func (s *Server) markReady() {
	select {
	case <-s.ready:
	default:
		close(s.ready)
	}
}

// errorKey is the problems' text, one a line.
func errorKey(problems []*content.Error) string {
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
