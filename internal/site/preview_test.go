package site_test

import (
	"bytes"
	"errors"
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

// previewSites are the sites the preview is checked on: each test site as
// its flags say and minified, and the bundled one.
func previewSites(t *testing.T) map[string]site.Options {
	t.Helper()
	sites := map[string]site.Options{
		"bundled": {Source: bundledFS(t), Theme: sitegen.Theme, Minify: true, Today: today},
	}
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if hasFile(ar, "want/errors") {
			continue // a broken site: the preview is not handed out
		}
		opts := archiveOptions(t, ar)
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		sites[name] = opts
		opts.Minify = true
		sites[name+" minified"] = opts
	}
	return sites
}

func hasFile(ar *txtar.Archive, name string) bool {
	for _, f := range ar.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestPreviewMatchesBuild renders every output file through the preview,
// first before the build renders anything (so every page is rendered on
// demand), then from several goroutines while the build renders its pages
// (so some are taken from the build), and checks that each is byte for
// byte the file the build made. Run with -race, it also checks that the
// preview and the build share nothing they change.
func TestPreviewMatchesBuild(t *testing.T) {
	for name, opts := range previewSites(t) {
		t.Run(name, func(t *testing.T) {
			want, err := site.Build(opts) // to know the names
			if err != nil {
				t.Fatal(err)
			}
			names := want.Output.Names()
			before := make([][]byte, len(names))
			during := make([][]byte, len(names))
			var wg sync.WaitGroup
			calls := 0
			opts.Preview = func(p *site.Preview) {
				calls++
				previewAll(t, p, names, before, 0, 1)
				for w := range 3 {
					wg.Go(func() { previewAll(t, p, names, during, w, 3) })
				}
			}
			res, err := site.Build(opts)
			wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			if calls != 1 {
				t.Fatalf("Preview called %d times, want 1", calls)
			}
			for i, n := range names {
				data, _ := res.Output.File(n)
				for when, got := range map[string][]byte{"before": before[i], "during": during[i]} {
					if !bytes.Equal(got, data) {
						t.Errorf("%s: the preview made %d bytes %s the build, the build %d, not the same:\n%.400s\n---\n%.400s", n, len(got), when, len(data), got, data)
					}
				}
			}
		})
	}
}

// previewAll makes names[from], names[from+step]... through p into got.
func previewAll(t *testing.T, p *site.Preview, names []string, got [][]byte, from, step int) {
	for i := from; i < len(names); i += step {
		if !p.Has(names[i]) {
			t.Errorf("%s: the preview does not have it", names[i])
		}
		data, err := p.File(names[i])
		if err != nil {
			t.Errorf("%s: %v", names[i], err)
		}
		got[i] = bytes.Clone(data)
	}
}

// TestPreviewStreamed checks the preview of a build that writes its files
// as it goes, which drops each page's source once it is rendered: the
// preview still renders every page from its own copy, after the build.
func TestPreviewStreamed(t *testing.T) {
	opts := previewSites(t)["bundled"]
	want, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	var p *site.Preview
	var mu sync.Mutex
	opts.Preview = func(got *site.Preview) { p = got }
	opts.Write = func(string, []byte) error { mu.Lock(); defer mu.Unlock(); return nil }
	site.DropAllBodies(&opts) // as a big site's build does
	if _, err := site.Build(opts); err != nil {
		t.Fatal(err)
	}
	for _, n := range want.Output.Names() {
		data, err := p.File(n)
		if w, _ := want.Output.File(n); err != nil || !bytes.Equal(data, w) {
			t.Errorf("%s: after a streamed build the preview made %d bytes (%v), want %d", n, len(data), err, len(w))
		}
	}
}

func TestPreviewMissingFile(t *testing.T) {
	opts := previewSites(t)["bundled"]
	var p *site.Preview
	opts.Preview = func(got *site.Preview) { p = got }
	if _, err := site.Build(opts); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"nope/index.html", "images/python", "css/site.css", ""} {
		if p.Has(n) {
			t.Errorf("%q: Has is true", n)
		}
		if data, err := p.File(n); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%q: File = %d bytes, %v; want fs.ErrNotExist", n, len(data), err)
		}
	}
}

// TestPreviewNotForBrokenContent checks that a build that already knows it
// fails hands out no preview.
func TestPreviewNotForBrokenContent(t *testing.T) {
	src := bundledFS(t)
	edit(t, src, "content/images/python.md", "categories:", "categories: [nope]\nx:")
	opts := site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today}
	opts.Preview = func(*site.Preview) { t.Error("Preview called for a site with content errors") }
	if _, err := site.Build(opts); err == nil {
		t.Fatal("the build did not fail")
	}
}

// TestPreviewPageError checks that a page whose Markdown the preview cannot
// render is reported as the build reports it.
func TestPreviewPageError(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: T\n---\nHome.\n")},
		"templates/image.html":       {Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)},
		"content/images/x.md":        {Data: []byte("---\nsummary: X.\ncategories: [base]\n---\nBody.\n")},
		"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: B.\n---\n")},
	}
	var p *site.Preview
	opts := site.Options{Source: src, Theme: sitegen.Theme, Today: today, Preview: func(got *site.Preview) { p = got }}
	_, buildErr := site.Build(opts)
	if buildErr == nil {
		t.Fatal("the build did not fail")
	}
	_, err := p.File("images/x/index.html")
	if err == nil || !strings.Contains(buildErr.Error(), err.Error()) {
		t.Errorf("preview error %v, not among the build's:\n%v", err, buildErr)
	}
	if _, err := p.File("index.html"); err != nil {
		t.Errorf("home page: %v", err)
	}
}
