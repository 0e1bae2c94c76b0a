package site_test

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestGenerationMatchesBuild checks that a Generation makes every file
// Build makes, byte for byte, and no other.
func TestGenerationMatchesBuild(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	g := site.Open(opts, site.NewStore(1<<20))
	if err := g.Check(nil); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if got, want := slices.Sorted(slices.Values(g.Names())), namedFiles(res.Output); !slices.Equal(got, want) {
		t.Fatalf("Names() = %q\nBuild made %q", got, want)
	}
	for _, name := range res.Output.Names() {
		if !g.Has(name) {
			t.Errorf("Has(%s) is false", name)
		}
		got, err := g.File(name)
		if err != nil {
			t.Fatalf("File(%s): %v", name, err)
		}
		want, _ := res.Output.File(name)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from Build's:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

// TestGenerationMissingFile checks that names the site does not make are
// fs.ErrNotExist.
func TestGenerationMissingFile(t *testing.T) {
	g := site.Open(site.Options{Source: bundledFS(t), Theme: sitegen.Theme, Minify: true, Today: today}, site.NewStore(1<<20))
	for _, n := range []string{"nope/index.html", "images/python", "css/site.css", "",
		"images/nope/eol.ics", "images/go/feed.xml", "categories/nope/feed.xml", "categories/base/eol.ics/x", "categories/base", "feed.xml/x"} {
		if g.Has(n) {
			t.Errorf("%q: Has is true", n)
		}
		if data, err := g.File(n); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%q: File = %d bytes, %v; want fs.ErrNotExist", n, len(data), err)
		}
	}
}

// TestGenerationPageError checks that a page that cannot be made is
// reported as the build reports it, and Check reports it too.
func TestGenerationPageError(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: T\n---\nHome.\n")},
		"templates/image.html":       {Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)},
		"content/images/x.md":        {Data: []byte("---\nsummary: X.\ncategories: [base]\n---\nBody.\n")},
		"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: B.\n---\n")},
	}
	opts := site.Options{Source: src, Theme: sitegen.Theme, Today: today}
	_, buildErr := site.Build(opts)
	if buildErr == nil {
		t.Fatal("the build did not fail")
	}
	g := site.Open(opts, site.NewStore(1<<20))
	if _, err := g.File("images/x/index.html"); err == nil || !strings.Contains(buildErr.Error(), err.Error()) {
		t.Errorf("page error %v, not among the build's:\n%v", err, buildErr)
	}
	if _, err := g.File("index.html"); err != nil {
		t.Errorf("home page: %v", err)
	}
	if err := g.Check(nil); err == nil || err.Error() != buildErr.Error() {
		t.Errorf("Check: %v\nBuild: %v", err, buildErr)
	}
}

// namedFiles is what a Generation's Names lists of a build's files: every
// file but those of the search index named by their contents, which it
// makes when they are asked for.
func namedFiles(out *site.Output) []string {
	var names []string
	for _, name := range out.Names() {
		if !strings.HasPrefix(name, "search/") || name == "search/index.json" {
			names = append(names, name)
		}
	}
	return names
}

// TestCheckGivesWay checks that the check makes no page while a page is
// being made for a browser, and goes on once it is made.
func TestCheckGivesWay(t *testing.T) {
	store := site.NewStore(1 << 20)
	g := site.Open(site.Options{Source: bundledFS(t), Theme: sitegen.Theme, Minify: true, Today: today}, store)
	release := site.AskFor(store)
	done := make(chan error, 1)
	go func() { done <- g.Check(nil) }()
	time.Sleep(200 * time.Millisecond)
	if n := site.Made(store); n != 0 {
		t.Fatalf("the check made %d pages while a page was asked for", n)
	}
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the check did not go on")
	}
}
