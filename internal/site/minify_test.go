package site_test

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestMinifiedThemeMinifiesAsWholePages checks that pages made from the
// minified theme and bodies (render.ThemeOptions) are what minifying each
// whole page made: minified again, every page of the bundled site and of
// the small one, with and without a host, is byte for byte the page made
// unminified and minified whole; and none is more than 2% larger than that.
// So the look is the same, and the output as small, give or take the line
// breaks the minifier keeps beside template actions.
func TestMinifiedThemeMinifiesAsWholePages(t *testing.T) {
	sites := map[string]func() site.Options{
		"bundled": func() site.Options {
			return site.Options{Source: bundledFS(t), Theme: sitegen.Theme, Today: today}
		},
		"small": func() site.Options { return smallSite(t) },
	}
	for name, opts := range sites {
		for _, base := range []string{"", "https://example.org/docs/"} {
			t.Run(name+" "+base, func(t *testing.T) {
				out := map[bool]*site.Output{}
				for _, minify := range []bool{false, true} {
					o := opts()
					o.Minify, o.BaseURL = minify, base
					out[minify] = build(t, o).Output
				}
				pages := 0
				for _, name := range out[false].Names() {
					if path.Ext(name) != ".html" {
						continue
					}
					pages++
					plain, _ := out[false].File(name)
					small, _ := out[true].File(name)
					want := site.MinifyPage(unhashed(plain))
					if got := site.MinifyPage(unhashed(small)); !bytes.Equal(got, want) {
						i := 0
						for i < len(got) && i < len(want) && got[i] == want[i] {
							i++
						}
						t.Errorf("%s: minified again, differs from the page minified whole at byte %d:\n got %q\nwant %q",
							name, i, got[max(0, i-60):min(len(got), i+60)], want[max(0, i-60):min(len(want), i+60)])
					}
					if len(small)*100 > len(want)*102 {
						t.Errorf("%s: %d bytes, minified whole %d", name, len(small), len(want))
					}
				}
				if pages < 5 {
					t.Errorf("compared %d pages, want at least 5", pages)
				}
			})
		}
	}
}

// unhashed takes the hashes out of a page's asset names: a minified style
// sheet has another.
func unhashed(page []byte) []byte { return assetHashRE.ReplaceAll(page, []byte("$1")) }

var assetHashRE = regexp.MustCompile(`\.[0-9a-f]{8}(\.css|\.js)`)

// TestMinifiedThemeErrorLines checks that an error in a site's template,
// which runs minified, names the line as written.
func TestMinifiedThemeErrorLines(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	m["templates/alias.html"] = &fstest.MapFile{Data: []byte("<!doctype html>\n<html>\n<head>\n<title>x</title>\n</head>\n<body>\n  <p>{{.Nosuch}}</p>\n</body>\n</html>\n")}
	opts.Minify = true
	_, err := site.Build(opts)
	if err == nil || !strings.Contains(err.Error(), "templates/alias.html:7:") {
		t.Errorf("error %v, want one at templates/alias.html:7", err)
	}
}

// TestMinifiedThemeKeepsScripts checks a site template with an action in
// an inline script: the theme is then minified as whole pages, so the
// script is minified as JavaScript and its strings keep their spaces.
func TestMinifiedThemeKeepsScripts(t *testing.T) {
	opts := smallSite(t)
	footer, err := fs.ReadFile(sitegen.Theme, "templates/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	footer = append(footer, "<script>var site = {{.Site.Title}}; if (a < b) { say(\"two  spaces\") }</script>\n"...)
	opts.Source.(fstest.MapFS)["templates/partials/footer.html"] = &fstest.MapFile{Data: footer}
	opts.Minify = true
	page, _ := build(t, opts).Output.File("index.html")
	if !bytes.Contains(page, []byte(`a<b&&say("two  spaces")`)) {
		t.Errorf("the script was not minified as a whole page's:\n%s", page)
	}
}

// TestMinifiedBodies checks that a minified build minifies the Markdown
// bodies too, not only the theme around them: the line break goldmark
// writes between a guide's heading and its paragraph is gone. (Minified
// again, a page whose body was left as rendered is the page minified
// whole, so TestMinifiedThemeMinifiesAsWholePages cannot tell.)
func TestMinifiedBodies(t *testing.T) {
	for _, minify := range []bool{false, true} {
		opts := smallSite(t)
		opts.Minify = minify
		page, _ := build(t, opts).Output.File("guides/migrating/index.html")
		want := map[bool]string{false: "</a></h2>\n<p>Read", true: "</a></h2><p>Read"}[minify]
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("Minify %v: guides/migrating/index.html has no %q:\n%s", minify, want, page)
		}
	}
}
