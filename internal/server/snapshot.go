package server

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
)

// A Build is the outcome of one build, good or bad.
type Build struct {
	Output fs.FS // the built site; ignored when Err is not nil
	Err    error // the build's problems (see content.List), or nil
	Source fs.FS // the site's sources, to quote the lines around each problem
}

// A Change says what a Swap changed. The zero Change (see None) means the
// new build is the same as the old one: no version, no event.
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
	files   map[string]*file // the last good build's
	preview *preview         // the first build under way; then files is empty
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
// returns the change, or the zero Change when the build is the same as the
// one served.
func (s *Server) Swap(b Build) Change {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	defer s.markBuilt() // once the build is stored
	old := s.snap.Load()
	next := &snapshot{files: old.files}
	buildErr := b.Err
	if buildErr == nil {
		files, err := readFiles(b.Output, old.files)
		if err != nil {
			buildErr = err
		} else {
			next.files = files
		}
	}
	if buildErr != nil {
		problems := content.List(buildErr)
		next.failed = true
		next.errKey = errorKey(problems)
		next.errPage = errorPage(problems, b.Source)
	}
	from := old
	if old.preview != nil {
		// What browsers were given is what changed or not.
		from = &snapshot{files: old.preview.end(next.files)}
	}
	c := diff(from, next)
	if c.Files == 0 && !c.ErrorsChanged && old.preview == nil {
		return Change{}
	}
	s.builds++
	next.version = s.start + "." + strconv.Itoa(s.builds)
	c.Version = next.version
	s.hub.publish(next.version, s.changeEvent(c), func() { s.snap.Store(next) })
	return c
}

// markBuilt wakes the requests waiting for the first build; swapMu is
// held.
func (s *Server) markBuilt() {
	if !s.first {
		s.first = true
		close(s.built)
		s.markReady()
	}
}

// diff compares two snapshots.
func diff(old, next *snapshot) Change {
	c := Change{Failed: next.failed, ErrorsChanged: old.failed != next.failed || old.errKey != next.errKey}
	c.Reload = c.ErrorsChanged
	for name, f := range next.files {
		was, ok := old.files[name]
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
	for name, f := range old.files {
		if _, ok := next.files[name]; !ok {
			c.Files++
			if f.html {
				c.Pages = append(c.Pages, name)
			}
		}
	}
	slices.Sort(c.Pages)
	slices.Sort(c.Added)
	slices.Sort(c.Styles)
	return c
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
// name, so that its change alone reloads nothing: data files, feeds,
// sitemaps. (Fingerprinted scripts get a new name, which changes the pages
// that load them.)
func unreferenced(name string) bool {
	switch path.Ext(name) {
	case ".json", ".xml", ".txt", ".map", ".webmanifest":
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

// errorKey is the problems' text, one a line.
func errorKey(problems []*content.Error) string {
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
