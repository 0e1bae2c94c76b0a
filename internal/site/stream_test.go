package site_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// collect returns a Write that keeps what it is given (copied: the
// builder reuses its buffers) and the map it keeps it in.
func collect() (func(string, []byte) error, map[string][]byte) {
	var mu sync.Mutex
	files := map[string][]byte{}
	return func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = bytes.Clone(data)
		return nil
	}, files
}

// TestStreamedBuildSameAsInMemory builds every good test site both ways:
// streamed to Write (buffers reused; bodies kept, and dropped after parsing
// and read again as a big site's are) and kept in memory. The files must
// be the same.
func TestStreamedBuildSameAsInMemory(t *testing.T) {
	archives, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		opts := archiveOptions(t, ar)
		mem, err := site.Build(opts)
		if err != nil {
			continue // a broken site: its errors are TestSites' business
		}
		for _, drop := range []bool{false, true} {
			streamed := opts
			write, files := collect()
			streamed.Write = write
			if drop {
				site.DropAllBodies(&streamed)
			}
			if _, err := site.Build(streamed); err != nil {
				t.Fatalf("%s (bodies dropped: %v): streamed build failed: %v", a, drop, err)
			}
			names := mem.Output.Names()
			if len(names) != len(files) {
				t.Errorf("%s (bodies dropped: %v): streamed %d files, in memory %d", a, drop, len(files), len(names))
			}
			for _, n := range names {
				want, _ := mem.Output.File(n)
				if !bytes.Equal(files[n], want) {
					t.Errorf("%s (bodies dropped: %v): %s differs between the streamed and the in-memory build", a, drop, n)
				}
			}
		}
	}
}

// secondRead serves a different file the second time one path is read.
type secondRead struct {
	fstest.MapFS
	path  string
	later []byte

	mu    sync.Mutex
	reads int
}

// read counts a read of name, which is then served from the later bytes.
func (s *secondRead) read(name string) {
	if name == s.path {
		s.mu.Lock()
		s.reads++
		if s.reads > 1 {
			s.MapFS[name] = &fstest.MapFile{Data: s.later}
		}
		s.mu.Unlock()
	}
}

func (s *secondRead) ReadFile(name string) ([]byte, error) {
	s.read(name)
	return s.MapFS.ReadFile(name)
}

func (s *secondRead) Open(name string) (fs.File, error) {
	s.read(name)
	return s.MapFS.Open(name)
}

// Stat does not count as a read.
func (s *secondRead) Stat(name string) (fs.FileInfo, error) { return s.MapFS.Stat(name) }

// TestStreamedBuildNoticesChangedFile: when a build reads bodies again, a
// file whose front matter changed between parsing and rendering fails the
// build, naming the file.
func TestStreamedBuildNoticesChangedFile(t *testing.T) {
	src := &secondRead{
		MapFS: fstest.MapFS{
			"content/_index.md":          {Data: []byte("---\ntitle: T\n---\n")},
			"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n")},
			"content/images/go.md":       {Data: []byte("---\ntitle: Go\nsummary: Go.\ncategories: [base]\n---\nBody.\n")},
		},
		path:  "content/images/go.md",
		later: []byte("---\ntitle: Go 2\nsummary: Go.\ncategories: [base]\n---\nBody.\n"),
	}
	write, _ := collect()
	opts := site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today, Write: write}
	// A small site's Markdown is kept from loading to rendering: each file
	// is read once, and the change comes too late to matter.
	if _, err := site.Build(opts); err != nil || src.reads != 1 {
		t.Fatalf("small site: %v, %d reads of %s; want no error, 1 read", err, src.reads, src.path)
	}
	src.reads = 0
	site.DropAllBodies(&opts)
	_, err := site.Build(opts)
	if err == nil || !strings.Contains(err.Error(), "content/images/go.md:") || !strings.Contains(err.Error(), "changed while the site was building") {
		t.Fatalf("got %v, want an error naming content/images/go.md that says it changed", err)
	}
}
