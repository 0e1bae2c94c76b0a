package site_test

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// smallSite returns the options of testdata/sites/small.txtar.
func smallSite(t *testing.T) site.Options {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return archiveOptions(t, ar)
}

// TestGenerationFollowsAddedThemeFiles adds the site's own template, static
// file and content resource one at a time: each next Generation makes
// what a full Build makes, so the theme is laid again.
func TestGenerationFollowsAddedThemeFiles(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	g := site.Open(opts, site.NewStore(16<<20))
	if err := g.Check(nil); err != nil {
		t.Fatal(err)
	}
	notFound, err := fs.ReadFile(sitegen.Theme, "templates/404.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, add := range []struct{ path, data string }{
		{"templates/404.html", strings.Replace(string(notFound), "{{", "<p>Lost here.</p>{{", 1)},
		{"static/extra.txt", "an extra file"},
		{"content/images/diagram.svg", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`},
	} {
		m[add.path] = &fstest.MapFile{Data: []byte(add.data)}
		g = g.Next(opts, []string{add.path})
		if err := g.Check(nil); err != nil {
			t.Fatalf("after adding %s: %v", add.path, err)
		}
		want, err := site.Build(opts)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, g, want.Output)
	}
}

// countingFS counts the files opened under content/.
type countingFS struct {
	fs.FS
	mu     sync.Mutex
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") {
		c.mu.Lock()
		c.opened[name]++
		c.mu.Unlock()
	}
	return c.FS.Open(name)
}

// TestNextReadsOnlyTheChangedFiles checks the promise of Next: it reads
// again only the files that changed, not the whole site.
func TestNextReadsOnlyTheChangedFiles(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	src := &countingFS{FS: m, opened: map[string]int{}}
	opts.Source = src
	g := site.Open(opts, site.NewStore(16<<20))
	if err := g.Check(nil); err != nil {
		t.Fatal(err)
	}
	src.opened = map[string]int{}
	edit(t, m, "content/images/python.md", "summary: ", "summary: Changed. ")
	g.Next(opts, []string{"content/images/python.md"})
	for name, n := range src.opened {
		if name != "content/images/python.md" {
			t.Errorf("Next read %s (%d times); only content/images/python.md changed", name, n)
		}
	}
	if src.opened["content/images/python.md"] == 0 {
		t.Error("Next did not read the changed file")
	}
}

// TestGenerationBadBaseURL checks that a Generation reports a base URL
// that is not valid as a full Build does.
func TestGenerationBadBaseURL(t *testing.T) {
	opts := smallSite(t)
	opts.BaseURL = "ftp://example.org/docs/"
	_, want := site.Build(opts)
	got := site.Open(opts, site.NewStore(16<<20)).Check(nil)
	if want == nil || got == nil || got.Error() != want.Error() || !strings.Contains(got.Error(), "--base-url") {
		t.Errorf("Check: %v\nBuild: %v", got, want)
	}
}
