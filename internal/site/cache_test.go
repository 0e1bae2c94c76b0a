package site_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// memCache is a site.Cache in memory.
type memCache struct {
	mu      sync.Mutex
	entries map[[32]byte][]byte
	garble  bool // Get returns bytes that are not a stored body
}

func (c *memCache) Get(key [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[key]
	if c.garble && ok {
		return []byte("\xff\xff garbage"), true
	}
	return bytes.Clone(v), ok
}

func (c *memCache) Put(key [32]byte, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[[32]byte][]byte{}
	}
	c.entries[key] = bytes.Clone(value)
}

func (c *memCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// smallFS is the site of testdata/sites/small.txtar.
func smallFS(t *testing.T) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "content/") {
			m[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return m
}

// TestCacheKeepsOutput builds sites without a cache, with an empty one,
// with the one that filled, and after an edit to one body, and checks
// that every build with the cache makes the bytes a build without it
// makes, taking from the cache every body that did not change.
func TestCacheKeepsOutput(t *testing.T) {
	sites := []struct {
		name       string
		fsys       fstest.MapFS
		base       string
		path, edit string // a body edit: text appended to path
	}{
		{"bundled", bundledFS(t), "", "content/images/nginx.md", "\n## Added\n\nA [link](/images/python/#versions).\n\n```sh\necho added\n```\n"},
		{"small", smallFS(t), "https://example.org/docs/", "content/images/python.md", "\nAn added paragraph.\n"},
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			opts := site.Options{Source: s.fsys, Theme: sitegen.Theme, BaseURL: s.base, Minify: true, Today: today}
			want := build(t, opts)
			c := &memCache{}
			cached := opts
			cached.Cache = c

			cold := build(t, cached)
			sameOutput(t, cold.Output, want.Output)
			bodies := c.len()
			if cold.Stats.Cached != 0 || bodies == 0 {
				t.Fatalf("a cold build took %d bodies from the cache and left %d", cold.Stats.Cached, bodies)
			}

			warm := build(t, cached)
			sameOutput(t, warm.Output, want.Output)
			if warm.Stats.Cached != bodies {
				t.Errorf("a warm build took %d bodies from the cache, want %d", warm.Stats.Cached, bodies)
			}
			if !strings.Contains(warm.Stats.String(), " Markdown bodies from the cache)") {
				t.Errorf("stats say nothing of the cache: %s", warm.Stats)
			}

			s.fsys[s.path] = &fstest.MapFile{Data: append(bytes.Clone(s.fsys[s.path].Data), s.edit...)}
			want = build(t, opts)
			edited := build(t, cached)
			sameOutput(t, edited.Output, want.Output)
			if edited.Stats.Cached != bodies-1 {
				t.Errorf("after one edit a build took %d bodies from the cache, want %d", edited.Stats.Cached, bodies-1)
			}

			streamed := cached
			files := map[string][]byte{}
			var mu sync.Mutex
			streamed.Write = func(name string, data []byte) error {
				mu.Lock()
				defer mu.Unlock()
				files[name] = bytes.Clone(data)
				return nil
			}
			site.DropAllBodies(&streamed) // bodies read again: the same keys
			res := build(t, streamed)
			if res.Stats.Cached != bodies {
				t.Errorf("a streamed build took %d bodies from the cache, want %d", res.Stats.Cached, bodies)
			}
			for _, n := range want.Output.Names() {
				if w, _ := want.Output.File(n); !bytes.Equal(files[n], w) {
					t.Errorf("%s: a streamed build with the cache wrote other bytes", n)
				}
			}
			if len(files) != len(want.Output.Names()) {
				t.Errorf("a streamed build wrote %d files, want %d", len(files), len(want.Output.Names()))
			}

			// Another base URL renders links otherwise: the cached bodies
			// are not taken for it.
			other, otherCached := opts, cached
			other.BaseURL, otherCached.BaseURL = "/elsewhere/", "/elsewhere/"
			sameOutput(t, build(t, otherCached).Output, build(t, other).Output)

			// Values that are not stored bodies are rendered again.
			c.garble = true
			res = build(t, cached)
			sameOutput(t, res.Output, want.Output)
			if res.Stats.Cached != 0 {
				t.Errorf("%d garbled bodies were taken", res.Stats.Cached)
			}
		})
	}
}

// TestCacheReportsLinkErrors: a cached body's broken links are reported by
// every build, not only the one that rendered it.
func TestCacheReportsLinkErrors(t *testing.T) {
	m := smallFS(t)
	m["content/images/python.md"].Data = append(m["content/images/python.md"].Data, "\nSee [nothing](/images/nothing/).\n"...)
	c := &memCache{}
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today, Cache: c}
	var errs []string
	for range 2 {
		_, err := site.Build(opts)
		if err == nil || !strings.Contains(err.Error(), `content/images/python.md:`) || !strings.Contains(err.Error(), `"/images/nothing/"`) {
			t.Fatalf("a broken link: err = %v", err)
		}
		errs = append(errs, err.Error())
	}
	if errs[0] != errs[1] || c.len() == 0 {
		t.Errorf("the second build, with %d bodies in the cache, reported\n%s\nnot\n%s", c.len(), errs[1], errs[0])
	}
}

func build(t *testing.T, opts site.Options) *site.Result {
	t.Helper()
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
