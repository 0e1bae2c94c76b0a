package site_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestMinifyShrinksOutput checks that Options.Minify minifies: every page
// of the small site is smaller minified than not, and so are its style
// sheets and scripts taken together (their names hold a hash of their
// bytes, so they differ); the pages keep their document and end tags and
// the text a reader sees.
func TestMinifyShrinksOutput(t *testing.T) {
	outputs := map[bool]*site.Output{}
	size := map[bool]map[string]int{}
	for _, minify := range []bool{false, true} {
		opts := smallSite(t)
		opts.Minify = minify
		out := build(t, opts).Output
		outputs[minify], size[minify] = out, map[string]int{}
		for _, name := range out.Names() {
			data, _ := out.File(name)
			size[minify][path.Ext(name)] += len(data)
		}
	}
	for _, ext := range []string{".html", ".css", ".js"} {
		if size[true][ext] == 0 || size[true][ext] >= size[false][ext] {
			t.Errorf("%s files: %d bytes minified, %d not", ext, size[true][ext], size[false][ext])
		}
	}
	pages := 0
	for _, name := range outputs[false].Names() {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		plain, _ := outputs[false].File(name)
		small, ok := outputs[true].File(name)
		if !ok {
			t.Errorf("%s: made without Minify, not with it", name)
			continue
		}
		if len(small) >= len(plain) {
			t.Errorf("%s: %d bytes minified, %d not", name, len(small), len(plain))
		}
		for _, tag := range []string{"<html", "<head>", "</head>", "<body", "</body>", "</html>"} {
			if !strings.Contains(string(small), tag) {
				t.Errorf("%s: minified page has no %s", name, tag)
			}
		}
	}
	if pages < 5 {
		t.Errorf("compared %d pages, want at least 5", pages)
	}
	page, _ := outputs[true].File("images/python/index.html")
	// The summary as html/template escapes it: the theme is minified, not
	// what it inserts.
	for _, text := range []string{"A Python runtime &lt;for&gt; apps.", "Getting started"} {
		if !strings.Contains(string(page), text) {
			t.Errorf("minified images/python/index.html lost %q", text)
		}
	}
}

// TestBuildStops checks that a Build whose context is already done makes
// nothing and returns the context's cause, with or without Options.Write.
func TestBuildStops(t *testing.T) {
	for _, write := range []bool{false, true} {
		opts := smallSite(t)
		if write {
			opts.Write = func(string, []byte) error { return nil }
		}
		stop := errors.New("stop")
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(stop)
		opts.Context = ctx
		res, err := site.Build(opts)
		if !errors.Is(err, stop) || res != nil {
			t.Errorf("write %v: Build = %v, %v; want nil, %v", write, res, err, stop)
		}
	}
}

// TestLinksToFailedPagesNotReported checks that a page that could not be
// read is reported once, for its own problem: links to it are not broken
// links as well, in a Build and in a Generation's check. A link to a page
// that never existed still is.
func TestLinksToFailedPagesNotReported(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	m["content/guides/broken.md"] = &fstest.MapFile{Data: []byte("no front matter\n")}
	m["content/guides/links.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Links\n---\nSee [the broken guide](/guides/broken/) and [a missing one](/guides/missing/).\n")}
	_, buildErr := site.Build(opts)
	checkErr := site.Open(opts, site.NewStore(16<<20)).Check(nil)
	for _, c := range []struct {
		name string
		err  error
	}{{"Build", buildErr}, {"Check", checkErr}} {
		msg := errText(c.err)
		if !strings.Contains(msg, "content/guides/broken.md:1: no front matter") {
			t.Errorf("%s does not report the failed page:\n%s", c.name, msg)
		}
		if strings.Contains(msg, `"/guides/broken/"`) {
			t.Errorf("%s reports the link to the failed page:\n%s", c.name, msg)
		}
		if !strings.Contains(msg, `broken link "/guides/missing/"`) {
			t.Errorf("%s does not report the link to a missing page:\n%s", c.name, msg)
		}
	}
}

// TestStatsCountStaticFiles checks that Stats.Static counts every file
// published as it is or fingerprinted: the theme's static files, the
// generated highlighting stylesheet and the content's resources.
func TestStatsCountStaticFiles(t *testing.T) {
	opts := smallSite(t)
	opts.Source.(fstest.MapFS)["content/guides/diagram.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}
	want := 2 // css/syntax.css and guides/diagram.svg
	err := fs.WalkDir(sitegen.Theme, "static", func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := build(t, opts)
	if res.Stats.Static != want {
		t.Errorf("Stats.Static = %d, want %d", res.Stats.Static, want)
	}
	if _, ok := res.Output.File("guides/diagram.svg"); !ok {
		t.Error("the content resource guides/diagram.svg was not published")
	}
}

// TestBaseURLs checks which base URLs a build takes: a path or an http or
// https URL with a host, with no query or fragment. The ones it takes lead
// the sitemap's addresses.
func TestBaseURLs(t *testing.T) {
	for base, want := range map[string]string{
		"/docs/":                    "/docs/",
		"docs":                      "/docs/",
		"https://example.org/docs/": "https://example.org/docs/",
		"http://localhost:8080":     "http://localhost:8080/",
		"ftp://example.org/":        "",
		"https:///docs/":            "",
		"/docs/?page=1":             "",
		"/docs/#top":                "",
		"http://[::1":               "",
	} {
		opts := smallSite(t)
		opts.BaseURL = base
		res, err := site.Build(opts)
		if want == "" {
			if msg := errText(err); !strings.Contains(msg, "--base-url: base URL "+strconv.Quote(base)+" is not valid") {
				t.Errorf("base %q: got %s, want it reported as not valid", base, msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("base %q: %v", base, err)
			continue
		}
		sitemap, _ := res.Output.File("sitemap.xml")
		if !strings.Contains(string(sitemap), "<loc>"+want+"images/python/</loc>") {
			t.Errorf("base %q: sitemap.xml has no address under %s:\n%s", base, want, sitemap)
		}
	}
}

// TestEmptyIDKeepsLaterIDs checks that an empty id attribute in a page's
// raw HTML does not hide the ids after it from the link check: a link to
// a heading below it is fine, one to a heading that does not exist is not.
func TestEmptyIDKeepsLaterIDs(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	edit(t, m, "content/_index.md", "title: Tiny Directory\n", "title: Tiny Directory\nrawHTML: true\n")
	m["content/guides/raw.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Raw\n---\n<p id=\"\">Empty.</p>\n\n## Target\n\nText.\n")}
	m["content/guides/to-raw.md"] = &fstest.MapFile{Data: []byte("---\ntitle: To raw\n---\nSee [the target](/guides/raw/#target).\n")}
	res := build(t, opts)
	if page, _ := res.Output.File("guides/raw/index.html"); !strings.Contains(string(page), `<p id="">`) {
		t.Fatalf("guides/raw/index.html has no empty id:\n%s", page)
	}
	edit(t, m, "content/guides/to-raw.md", "#target", "#missing")
	_, err := site.Build(opts)
	if msg := errText(err); !strings.Contains(msg, `broken anchor "/guides/raw/#missing"`) {
		t.Errorf("a link to a missing heading: %s", msg)
	}
}

// TestSectionIndexLeadsItsPages checks that a documentation folder's own
// page (guides/_index.md) leads its section: the header, the footer and
// the aside link it under its title, and the aside lists the section's
// other pages, not it.
func TestSectionIndexLeadsItsPages(t *testing.T) {
	opts := smallSite(t)
	opts.Source.(fstest.MapFS)["content/guides/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: All guides\n---\nThe guides.\n")}
	page, _ := build(t, opts).Output.File("guides/migrating/index.html")
	for _, want := range []string{
		`<li><a href="/docs/guides/" aria-current="true">All guides</a></li>`,
		`<p class="aside-title"><a href="/docs/guides/">All guides</a></p>`,
		`<ul><li><a href="/docs/guides/migrating/" aria-current="page">Migrating</a></li></ul>`,
		`<li><a href="/docs/guides/">All guides</a></li>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("guides/migrating/index.html has no %s:\n%s", want, page)
		}
	}
}

// TestSitemapSplitsAtTheByte checks the byte limit of a sitemap file at
// its edge: a limit of exactly the one sitemap's size keeps it whole, one
// byte less splits it into parts that each keep to the limit.
func TestSitemapSplitsAtTheByte(t *testing.T) {
	opts := smallSite(t)
	whole := buildFiles(t, opts)["sitemap.xml"]
	site.SitemapLimits(&opts, 0, len(whole))
	if files := buildFiles(t, opts); !bytes.Equal(files["sitemap.xml"], whole) || files["sitemap-1.xml"] != nil {
		t.Errorf("a limit of the sitemap's %d bytes did not keep it whole", len(whole))
	}
	site.SitemapLimits(&opts, 0, len(whole)-1)
	if parts := checkSitemapIndex(t, buildFiles(t, opts), opts.BaseURL, 0, len(whole)-1); len(parts) < 2 {
		t.Errorf("a limit of %d bytes, one less than the sitemap's, made %d parts", len(whole)-1, len(parts))
	}
	// A limit smaller than any entry: one URL a part, no part empty.
	site.SitemapLimits(&opts, 0, 1)
	parts := checkSitemapIndex(t, buildFiles(t, opts), opts.BaseURL, 1, 0)
	var all urlset
	if err := xml.Unmarshal(whole, &all); err != nil {
		t.Fatal(err)
	}
	if len(parts) != len(all.URLs) {
		t.Errorf("a limit of 1 byte made %d parts for %d URLs", len(parts), len(all.URLs))
	}
}

// TestIDAfterDoubleEquals checks that a page whose text has "==" (code
// comparing two values) before a heading still has that heading's id for
// the link check: a link to it is fine, one to a missing heading is not.
func TestIDAfterDoubleEquals(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	m["content/guides/compare.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Compare\n---\nTest with `a == b`.\n\n## Target\n\nText.\n")}
	m["content/guides/to-compare.md"] = &fstest.MapFile{Data: []byte("---\ntitle: To compare\n---\nSee [the target](/guides/compare/#target).\n")}
	res := build(t, opts)
	if page, _ := res.Output.File("guides/compare/index.html"); !strings.Contains(string(page), "a == b") {
		t.Fatalf("guides/compare/index.html has no a == b:\n%s", page)
	}
	edit(t, m, "content/guides/to-compare.md", "#target", "#missing")
	_, err := site.Build(opts)
	if msg := errText(err); !strings.Contains(msg, `broken anchor "/guides/compare/#missing"`) {
		t.Errorf("a link to a missing heading: %s", msg)
	}
}
