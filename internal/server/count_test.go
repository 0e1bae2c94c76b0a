package server

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestChangeCountsFiles checks Change.Files, the output files added,
// removed or changed, for built sites (compared file by file) and for
// sites made on demand (compared by key, counting what a browser may
// have: pages served, stylesheets, other assets).
func TestChangeCountsFiles(t *testing.T) {
	type step struct {
		what  string
		edit  func(fstest.MapFS)
		files int
	}
	imageChanged := step{"an image changed", func(m fstest.MapFS) { m["logo.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\nnew")} }, 1}
	pageAdded := step{"a page added", func(m fstest.MapFS) {
		m["images/rust/index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Rust</html>")}
	}, 1}
	t.Run("built", func(t *testing.T) {
		out := site("Welcome", "1a2b3c4d")
		s := newServer(t, "/", out)
		for _, step := range []step{
			imageChanged, pageAdded,
			{"two pages removed", func(m fstest.MapFS) { delete(m, "images/rust/index.html"); delete(m, "images/go/index.html") }, 2},
		} {
			step.edit(out)
			if c := s.Swap(Build{Output: out}); c.Files != step.files {
				t.Errorf("%s: Files = %d, want %d (%+v)", step.what, c.Files, step.files, c)
			}
		}
	})
	t.Run("made", func(t *testing.T) {
		out := site("Welcome", "1a2b3c4d")
		s := madeServer(t, "/", out)
		for _, step := range []step{
			imageChanged,
			// No browser has the new page (none asked for it, none shows
			// its 404 page): nothing to tell.
			{"a page added that no browser has", pageAdded.edit, 0},
			{"a stylesheet added", func(m fstest.MapFS) { m["css/extra.css"] = &fstest.MapFile{Data: []byte("p{}")} }, 1},
			{"a served page changed", func(m fstest.MapFS) {
				m["index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Welcome back</html>")}
			}, 1},
			{"a served page removed", func(m fstest.MapFS) { delete(m, "images/go/index.html") }, 1},
		} {
			// Serve the pages, as a browser would: a page never served
			// does not count.
			for _, p := range []string{"/", "/images/go/"} {
				if _, ok := out[p[1:]+"index.html"]; ok {
					body(t, get(t, s, "GET", p))
				}
			}
			out = maps.Clone(out) // the site served keeps its files
			step.edit(out)
			if c := s.Swap(Build{Site: newFakeSite(out)}); c.Files != step.files {
				t.Errorf("%s: Files = %d, want %d (%+v)", step.what, c.Files, step.files, c)
			}
		}
	})
}

// listed is a built site that lists its files, as the in-memory output of
// a build does.
type listed struct {
	fstest.MapFS
	names []string
}

func (l listed) Names() []string { return l.names }

// TestListedOutput checks a build that lists its files: they are served
// without walking folders, and a file listed that cannot be read fails
// the swap with the build's problem.
func TestListedOutput(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := New("/")
	t.Cleanup(s.Close)
	if c := s.Swap(Build{Output: listed{out, slices.Sorted(maps.Keys(out))}}); c.Failed {
		t.Fatalf("a listed build: %+v", c)
	}
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "Welcome") {
		t.Errorf("home page of a listed build: %s", b)
	}
	c := s.Swap(Build{Output: listed{out, []string{"index.html", "gone.html"}}})
	if !c.Failed {
		t.Errorf("a listed file that does not exist: %+v, want a failed build", c)
	}
}

// TestContentTypeFromExtension checks that a file's type comes from its
// extension before its bytes: an image named .webp is one, whatever it
// holds.
func TestContentTypeFromExtension(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	out["photo.webp"] = &fstest.MapFile{Data: []byte("plain words, not an image")}
	s := newServer(t, "/", out)
	if ct := get(t, s, "GET", "/photo.webp").Header.Get("Content-Type"); ct != "image/webp" {
		t.Errorf("photo.webp served as %q, want image/webp", ct)
	}
}
