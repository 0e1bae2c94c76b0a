package site_test

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
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

// TestTodayMovesEndOfLife builds the same site as of the last day of a
// version's life and as of the day after: Options.Today (which the command
// sets from SOURCE_DATE_EPOCH) alone moves the version's row of the image
// page from supported to past its end of life.
func TestTodayMovesEndOfLife(t *testing.T) {
	row := regexp.MustCompile(`<tr( class="eol-past")?><td><code>3\.13</code></td><td><time datetime="2029-10-31">2029-10-31</time></td><td><span class="status status-(ok|eol)">(Supported|End of life)</span></td></tr>`)
	for _, tt := range []struct {
		today time.Time
		past  bool
	}{
		{time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2029, 10, 31, 23, 59, 0, 0, time.UTC), false},
		{time.Date(2029, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		opts := pagesSite(t)
		opts.Today = tt.today
		res, err := site.Build(opts)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := res.Output.File("images/python/index.html")
		m := row.FindSubmatch(page)
		if m == nil {
			t.Fatalf("today %s: no row for version 3.13 in:\n%s", tt.today, page)
		}
		want := []string{"", "ok", "Supported"}
		if tt.past {
			want = []string{` class="eol-past"`, "eol", "End of life"}
		}
		if got := []string{string(m[1]), string(m[2]), string(m[3])}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("today %s: version 3.13 row has %q, want %q", tt.today.Format(time.DateOnly), got, want)
		}
	}
}

// TestRawHTML checks that rawHTML in content/_index.md reaches the
// Markdown of every page: with true, raw HTML (a block and an inline tag)
// is published as written; with false, or without the key, it is dropped
// and only the text between the tags stays. The builds share a cache of
// rendered bodies, which must not hand one setting's bodies to the other.
func TestRawHTML(t *testing.T) {
	const block, inline = `<div data-raw="block">Block</div>`, `<span data-raw="inline">Inline</span>`
	body := "\n" + block + "\n\nSome " + inline + " text.\n"
	c := &memCache{}
	for _, setting := range []string{"", "rawHTML: true\n", "rawHTML: false\n"} {
		src := fstest.MapFS{
			"content/_index.md":          {Data: []byte("---\ntitle: T\n" + setting + "---\n" + body)},
			"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n" + body)},
			"content/images/go.md":       {Data: []byte("---\nsummary: S.\ncategories: [base]\n---\n" + body)},
			"content/guides/start.md":    {Data: []byte("---\ntitle: Start\n---\n" + body)},
		}
		res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today, Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		on := setting == "rawHTML: true\n"
		for _, name := range []string{"index.html", "categories/base/index.html", "images/go/index.html", "guides/start/index.html"} {
			page, _ := res.Output.File(name)
			s := string(page)
			if !strings.Contains(s, "Inline") {
				t.Fatalf("%q %s: the body is not on the page:\n%s", setting, name, s)
			}
			for _, raw := range []string{block, inline} {
				if strings.Contains(s, raw) != on {
					t.Errorf("%q %s: raw HTML %s published = %v, want %v", setting, name, raw, !on, on)
				}
			}
			if !on && strings.Contains(s, "data-raw") {
				t.Errorf("%q %s: part of the raw HTML is published:\n%s", setting, name, s)
			}
		}
	}
}

// TestSiteFilesPublished checks that the site's own static/ files take the
// place of the theme's of the same name and add to them, and that the
// files beside the pages under content/ are published at their place
// under the output root, each with its bytes unchanged (CSS with the
// fingerprint of its bytes in its name).
func TestSiteFilesPublished(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\xff\xfe binary"
	css := "body{color:#123456}"
	src := fstest.MapFS{
		"content/_index.md":              {Data: []byte("---\ntitle: T\n---\n")},
		"content/categories/base.md":     {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n")},
		"content/images/go.md":           {Data: []byte("---\nsummary: S.\ncategories: [base]\n---\n![A diagram](/images/go/diagram.png)\n")},
		"content/images/go/diagram.png":  {Data: []byte(png + " diagram")},
		"content/guides/start.md":        {Data: []byte("---\ntitle: Start\n---\n[Notes](/guides/notes.txt)\n")},
		"content/guides/notes.txt":       {Data: []byte("plain notes\n")},
		"content/robots-note.txt":        {Data: []byte("at the root\n")},
		"static/favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><!-- the site's own --></svg>`)},
		"static/css/site.css":            {Data: []byte(css)},
		"static/img/logo.png":            {Data: []byte(png + " logo")},
		"static/downloads/tool.tar.gz":   {Data: []byte("\x1f\x8b\x08\x00 archive")},
		"static/.hidden":                 {Data: []byte("left out")},
		"static/img/logo.png~":           {Data: []byte("an editor's backup")},
		"templates/partials/footer.html": {Data: []byte(`<footer><img src="{{url "/img/logo.png"}}" alt="Logo"></footer>`)},
	}
	sum := sha256.Sum256([]byte(css))
	siteCSS := "css/site." + hex.EncodeToString(sum[:4]) + ".css"
	want := map[string]string{
		"images/go/diagram.png": png + " diagram",
		"guides/notes.txt":      "plain notes\n",
		"robots-note.txt":       "at the root\n",
		"favicon.svg":           `<svg xmlns="http://www.w3.org/2000/svg"><!-- the site's own --></svg>`,
		siteCSS:                 css,
		"img/logo.png":          png + " logo",
		"downloads/tool.tar.gz": "\x1f\x8b\x08\x00 archive",
	}
	res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range want {
		got, ok := res.Output.File(name)
		if !ok {
			t.Errorf("%s is not published", name)
		} else if string(got) != data {
			t.Errorf("%s = %q, want %q", name, got, data)
		}
	}
	var others []string
	for _, name := range res.Output.Names() {
		if _, ok := want[name]; !ok && !strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "search/") {
			others = append(others, fingerprint.ReplaceAllString(name, ".HASH.$1"))
		}
	}
	slices.Sort(others)
	// The theme's own files that the site does not replace stay, and the
	// feeds are made.
	if got, want := strings.Join(others, " "), "catalog.json categories/base/eol.ics categories/base/feed.xml css/syntax.HASH.css feed.xml js/search.HASH.js js/site.HASH.js lifecycle/eol.ics robots.txt sitemap.xml"; got != want {
		t.Errorf("other files: %s\nwant: %s", got, want)
	}
	page, _ := res.Output.File("images/go/index.html")
	for _, ref := range []string{`href="/` + siteCSS + `"`, `src="/images/go/diagram.png"`, `src="/img/logo.png"`} {
		if !strings.Contains(string(page), ref) {
			t.Errorf("images/go/index.html has no %s", ref)
		}
	}
}
