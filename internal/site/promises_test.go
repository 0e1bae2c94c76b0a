package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/site"
)

// pagesSite returns the options that build testdata/sites/pages.txtar, the
// small site whose pages TestSites keeps whole.
func pagesSite(t *testing.T) site.Options {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "sites", "pages.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	return archiveOptions(t, ar)
}

// TestNotFoundLinksAbsolute checks that every address in 404.html is
// absolute under the base path: a static host serves that one file at
// whatever address was missing (/docs/a/b/c), where a relative link would
// lead nowhere.
func TestNotFoundLinksAbsolute(t *testing.T) {
	for _, base := range []string{"/docs/", "https://example.org/docs/"} {
		for _, minify := range []bool{false, true} {
			opts := pagesSite(t)
			opts.BaseURL, opts.Minify = base, minify
			res, err := site.Build(opts)
			if err != nil {
				t.Fatal(err)
			}
			page, ok := res.Output.File("404.html")
			if !ok {
				t.Fatal("no 404.html")
			}
			tags, _ := scanTags(string(page))
			n := 0
			for _, tg := range tags {
				for _, attr := range []string{"href", "src", "action"} {
					v, ok := tg.attrs[attr]
					if !ok {
						continue
					}
					n++
					if !strings.HasPrefix(v, "/docs/") && !strings.HasPrefix(v, "https://example.org/docs/") && !strings.HasPrefix(v, "#") {
						t.Errorf("base %s, minify %v: <%s %s=%q> is not absolute under /docs/", base, minify, tg.name, attr, v)
					}
				}
			}
			if n < 10 {
				t.Errorf("base %s, minify %v: only %d addresses in 404.html", base, minify, n)
			}
		}
	}
}
