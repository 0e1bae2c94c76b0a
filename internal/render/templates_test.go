package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// testTheme is a small theme: a layout, two partials, a page template for
// every kind that fills in the layout, and an alias page that is a whole
// page by itself. Files in extra are added or replace those.
func testTheme(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"templates/baseof.html":         {Data: []byte(`<html><header id="top">{{template "partials/nav.html" .}}</header>{{block "main" .}}{{end}}</html>`)},
		"templates/partials/nav.html":   {Data: []byte(`<nav id="nav"><a href="{{url "/"}}">{{.Title}}</a></nav>`)},
		"templates/partials/count.html": {Data: []byte(`{{.}}`)},
	}
	for _, name := range pageTemplates {
		fsys["templates/"+name] = &fstest.MapFile{Data: []byte("\n{{define \"main\"}}<main id=\"main\">" + name + ": {{.Title}}</main>{{end}}\n")}
	}
	fsys["templates/alias.html"] = &fstest.MapFile{Data: []byte(`<meta http-equiv="refresh" content="0; url={{url .Target}}">`)}
	for name, src := range extra {
		fsys["templates/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

var testFuncs = Funcs{
	URL:    func(p string) string { return "/docs" + p },
	AbsURL: func(p string) string { return "https://example.org/docs" + p },
	Asset:  func(name string) string { return "/docs/" + strings.Replace(name, ".css", ".1a2b3c4d.css", 1) },
	Registry: func(img *catalog.Image) string {
		if img.Free() {
			return "cgr.dev/free"
		}
		return "cgr.dev/ORG"
	},
}

func execute(t *testing.T, tmpl *Templates, name string, data any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, name, data); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.String()
}

func TestPagesFillInTheLayout(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(nil), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := execute(t, tmpl, "image.html", &Page{Title: "Go"})
	if want := `<html><header id="top"><nav id="nav"><a href="/docs/">Go</a></nav></header><main id="main">image.html: Go</main></html>`; got != want {
		t.Errorf("image.html:\n got %s\nwant %s", got, want)
	}
	// A template with content of its own is the whole page.
	got = execute(t, tmpl, "alias.html", &Page{Target: "/images/go/"})
	if want := `<meta http-equiv="refresh" content="0; url=/docs/images/go/">`; got != want {
		t.Errorf("alias.html:\n got %s\nwant %s", got, want)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, "nosuch.html", &Page{}); err == nil || err.Error() != "templates/nosuch.html: missing template" {
		t.Errorf("a template that is not parsed: %v", err)
	}
}

// TestReservedIDs checks that a page's reserved ids are the literal ids of
// its own template, the layout and the partials, not those of the other
// page templates nor ids computed when the page runs.
func TestReservedIDs(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(map[string]string{
		"image.html": `{{define "main"}}<h2 id="tags">Tags</h2><h2 id="versions">V</h2><p id="{{.Title}}"></p>{{end}}`,
	}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(tmpl.ReservedIDs("image.html")))
	if want := []string{"nav", "tags", "top", "versions"}; !slices.Equal(got, want) {
		t.Errorf("ReservedIDs(image.html) = %q, want %q", got, want)
	}
	got = slices.Sorted(slices.Values(tmpl.ReservedIDs("page.html")))
	if want := []string{"main", "nav", "top"}; !slices.Equal(got, want) {
		t.Errorf("ReservedIDs(page.html) = %q, want %q", got, want)
	}
}

func TestFuncs(t *testing.T) {
	base := &catalog.Category{Slug: "base"}
	free := &catalog.Category{Slug: catalog.FreeCategory}
	img := &catalog.Image{Name: "go", Title: "Go Lang", Summary: "The Go TOOLCHAIN.", Replaces: []string{"golang:latest", "GO:1"}, Categories: []*catalog.Category{free, base}}
	paid := &catalog.Image{Name: "jdk", Categories: []*catalog.Category{base}}
	day := time.Date(2029, 3, 7, 23, 0, 0, 0, time.UTC)
	for src, want := range map[string]string{
		`{{url "/x/"}}`:            "/docs/x/",
		`{{absURL "/x/"}}`:         "https://example.org/docs/x/",
		`{{asset "css/site.css"}}`: "/docs/css/site.1a2b3c4d.css",
		`{{pull .Image "latest"}}`: `docker pull <span class="reg" data-tier="free" data-registry="cgr.dev/free">cgr.dev/free</span>/go:latest`,
		`{{pull .Paid "1.2-dev"}}`: `docker pull <span class="reg" data-tier="production" data-registry="cgr.dev/ORG">cgr.dev/ORG</span>/jdk:1.2-dev`,
		`{{ref .Paid "1.2-dev"}}`:  `<span class="reg" data-tier="production" data-registry="cgr.dev/ORG">cgr.dev/ORG</span>/jdk:1.2-dev`,
		// In an attribute the markup is dropped: the command as text.
		`<b title="{{pull .Paid "x"}}">`: `<b title="docker pull cgr.dev/ORG/jdk:x">`,
		`{{registry .Paid}}`:             "cgr.dev/ORG",
		`{{date .Day}}`:                  "2029-03-07",
		`{{longDate .Day}}`:              "7 March 2029",
		`{{join .Image.Replaces ", "}}`:  "golang:latest, GO:1",
		`{{plural 0 "image" "images"}}`:  "0 images",
		`{{plural 1 "image" "images"}}`:  "1 image",
		`{{plural 2 "image" "images"}}`:  "2 images",
		`{{plural 11 "image" "images"}}`: "11 images",
		`{{categorySlugs .Image}}`:       catalog.FreeCategory + " base",
		`{{categorySlugs .Paid}}`:        "base",
		`{{searchText .Image}}`:          "go go lang the go toolchain. golang:latest go:1",
		`{{searchText .Paid}}`:           "jdk   ",
	} {
		tmpl, err := ParseTemplates(testTheme(map[string]string{"alias.html": src}), testFuncs, ThemeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		data := struct {
			Image, Paid *catalog.Image
			Day         time.Time
		}{img, paid, day}
		if got := execute(t, tmpl, "alias.html", data); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

// TestPartialCached checks that a cached partial runs once for each key
// until ResetCache, and that its key is the partial's name and every key
// argument.
func TestPartialCached(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(map[string]string{
		"alias.html": `{{partialCached "partials/count.html" .A .K}} {{partialCached "partials/count.html" .B .K}} ` +
			`{{partialCached "partials/count.html" .B .K "more"}} {{partialCached "partials/nav.html" .}}`,
	}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type data struct {
		A, B, K, Title string
	}
	if got, want := execute(t, tmpl, "alias.html", data{"a", "b", "k", "T"}), `a a b <nav id="nav"><a href="/docs/">T</a></nav>`; got != want {
		t.Errorf("first run: %q, want %q", got, want)
	}
	if got, want := execute(t, tmpl, "alias.html", data{"c", "d", "k", "U"}), `a a b <nav id="nav"><a href="/docs/">T</a></nav>`; got != want {
		t.Errorf("same keys: %q, want %q", got, want)
	}
	if got, want := execute(t, tmpl, "alias.html", data{"c", "d", "other", "U"}), `c c d <nav id="nav"><a href="/docs/">T</a></nav>`; got != want {
		t.Errorf("another key: %q, want %q", got, want)
	}
	tmpl.ResetCache()
	if got, want := execute(t, tmpl, "alias.html", data{"e", "f", "k", "V"}), `e e f <nav id="nav"><a href="/docs/">V</a></nav>`; got != want {
		t.Errorf("after ResetCache: %q, want %q", got, want)
	}
	broken, err := ParseTemplates(testTheme(map[string]string{"alias.html": `{{partialCached "partials/nosuch.html" .}}`}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := broken.Execute(&buf, "alias.html", nil); err == nil || !strings.Contains(err.Error(), `"partials/nosuch.html" is undefined`) {
		t.Errorf("a cached partial that does not exist: %v", err)
	}
}

// TestPartialCachedKeysApart checks that each key argument counts apart:
// keys "ab" "c" and "a" "bc" print the same when run together, and are
// two keys.
func TestPartialCachedKeysApart(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(map[string]string{
		"alias.html": `{{partialCached "partials/count.html" .A "ab" "c"}} {{partialCached "partials/count.html" .B "a" "bc"}} ` +
			`{{partialCached "partials/count.html" .A 1 2}} {{partialCached "partials/count.html" .B "1 2"}} {{partialCached "partials/count.html" .B 1 2}}`,
	}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type data struct{ A, B string }
	if got, want := execute(t, tmpl, "alias.html", data{"a", "b"}), `a b a b a`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestThemeTemplates checks that the templates made from one parsed
// theme are each their own: their functions and their partialCached
// caches, whichever ran first, and at the same time.
func TestThemeTemplates(t *testing.T) {
	th, err := ParseTheme(testTheme(map[string]string{
		"alias.html": `{{partialCached "partials/nav.html" . "k"}} {{url "/x/"}}`,
	}), ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other := testFuncs
	other.URL = func(p string) string { return "/other" + p }
	a, b := th.Templates(testFuncs), th.Templates(other)
	type data struct{ Title string }
	if got, want := execute(t, a, "alias.html", data{"A"}), `<nav id="nav"><a href="/docs/">A</a></nav> /docs/x/`; got != want {
		t.Errorf("first templates: %q, want %q", got, want)
	}
	done := make(chan string)
	go func() { done <- execute(t, a, "alias.html", data{"A2"}) }()
	if got, want := execute(t, b, "alias.html", data{"B"}), `<nav id="nav"><a href="/other/">B</a></nav> /other/x/`; got != want {
		t.Errorf("second templates: %q, want %q", got, want)
	}
	if got, want := <-done, `<nav id="nav"><a href="/docs/">A</a></nav> /docs/x/`; got != want {
		t.Errorf("first templates again: %q, want %q", got, want)
	}
	if c := th.Templates(testFuncs); execute(t, c, "page.html", data{"C"}) == "" {
		t.Error("a third set of templates, made after the others ran, rendered nothing")
	}
}

// themeWithout is the test theme without some of its templates.
func themeWithout(names ...string) fstest.MapFS {
	fsys := testTheme(nil)
	for _, name := range names {
		delete(fsys, "templates/"+name)
	}
	return fsys
}

// TestTemplateErrors checks that every problem of a theme is reported at
// once (content.List sorts them), each at its template file and line.
func TestTemplateErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		theme fstest.MapFS
		want  string // every problem, one a line
	}{{
		name:  "missing",
		theme: themeWithout("baseof.html", "image.html"),
		want:  "templates/baseof.html: missing template: the theme needs templates/baseof.html\n",
	}, {
		name:  "missing page",
		theme: themeWithout("image.html", "404.html"),
		want: "templates/404.html: missing template: the theme needs templates/404.html\n" +
			"templates/image.html: missing template: the theme needs templates/image.html\n",
	}, {
		name: "shared",
		theme: testTheme(map[string]string{
			"partials/a.html":        "x\n{{if}}",
			"partials/b.html":        "{{end}}",
			"partials/dir.html/file": "not a partial",
		}),
		want: "templates/partials/a.html:2: template error: missing value for if\n" +
			"templates/partials/b.html:1: template error: unexpected {{end}}\n" +
			"templates/partials/dir.html: cannot read: read templates/partials/dir.html: invalid argument\n",
	}, {
		name: "pages",
		theme: testTheme(map[string]string{
			"image.html": "{{define \"main\"}}\n\n{{.Title}\n{{end}}",
			"page.html":  "{{define \"main\"}}{{range}}{{end}}",
		}),
		want: "templates/image.html:3: template error: bad character U+007D '}'\n" +
			"templates/page.html:1: template error: missing value for range\n",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTemplates(tt.theme, testFuncs, ThemeOptions{})
			var got strings.Builder
			for _, e := range content.List(err) {
				got.WriteString(e.Error() + "\n")
			}
			if got.String() != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got.String(), tt.want)
			}
		})
	}
}

// TestExecuteErrors checks that a page that fails to run, or that the
// HTML escaper refuses, is reported at its template file and line.
func TestExecuteErrors(t *testing.T) {
	for _, tt := range []struct {
		src, want string
	}{
		{"{{define \"main\"}}\n\n{{.Nope}}{{end}}", `templates/image.html:3: template error: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Page`},
		{"{{define \"main\"}}\n{{template \"nosuch.html\"}}{{end}}", `templates/image.html:2: template error: no such template "nosuch.html"`},
		{"{{define \"main\"}}<a href=\"{{.Title}}\"{{end}}", `templates/baseof.html: template error: "<" in attribute name: "</html>"`},
	} {
		for _, opts := range []ThemeOptions{{}, squash} {
			tmpl, err := ParseTemplates(testTheme(map[string]string{"image.html": tt.src}), testFuncs, opts)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, "image.html", &Page{}); err == nil || err.Error() != tt.want {
				t.Errorf("%q (minified %v):\n got %v\nwant %s", tt.src, tmpl.Minified(), err, tt.want)
			}
		}
	}
	if got := templateError(errString("something else")).Error(); got != "templates: template error: something else" {
		t.Errorf("an error without a place: %s", got)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// squash stands in for a minifier: it takes the line breaks out of
// templates, and marks a page it minifies whole.
var squash = ThemeOptions{
	MinifyTemplate: func(src []byte) ([]byte, error) { return bytes.ReplaceAll(src, []byte("\n"), nil), nil },
	MinifyPage:     func(page []byte) ([]byte, error) { return append([]byte("<!--whole-->"), page...), nil },
}

// TestMinifiedTheme checks that a theme parsed with ThemeOptions runs its
// minified copy, comments taken out first (a quote in one is not read as
// a string), with the reserved ids of the theme as written; and that a
// theme whose copy cannot be made or parsed runs as written, unminified.
func TestMinifiedTheme(t *testing.T) {
	image := "{{/* The image's page. */}}\n{{define \"main\"}}\n<p id=\"lead\">{{.Title}}</p>\n{{- /* it's trimmed */ -}}\n{{end}}\n"
	theme := testTheme(map[string]string{"image.html": image})
	plain, err := ParseTemplates(theme, testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	opts := squash
	opts.MinifyTemplate = func(src []byte) ([]byte, error) {
		seen = append(seen, string(src))
		return squash.MinifyTemplate(src)
	}
	min, err := ParseTemplates(theme, testFuncs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !min.Minified() || plain.Minified() {
		t.Errorf("Minified: %v with ThemeOptions, %v without", min.Minified(), plain.Minified())
	}
	page := &Page{Title: "Go"}
	want := strings.ReplaceAll(execute(t, plain, "image.html", page), "\n", "")
	if got := execute(t, min, "image.html", page); got != want {
		t.Errorf("minified page %q, want %q", got, want)
	}
	if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, "{{/**/}}") && strings.Contains(s, "{{- /**/ -}}") }) {
		t.Errorf("comments were not taken out before minifying: %q", seen)
	}
	if got, want := slices.Sorted(slices.Values(min.ReservedIDs("image.html"))), slices.Sorted(slices.Values(plain.ReservedIDs("image.html"))); !slices.Equal(got, want) {
		t.Errorf("reserved ids %q, want %q", got, want)
	}
	for name, minify := range map[string]func([]byte) ([]byte, error){
		"fails":        func([]byte) ([]byte, error) { return nil, errString("cannot") },
		"cannot parse": func([]byte) ([]byte, error) { return []byte("{{"), nil },
	} {
		tmpl, err := ParseTemplates(theme, testFuncs, ThemeOptions{MinifyTemplate: minify, MinifyPage: squash.MinifyPage})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if tmpl.Minified() {
			t.Errorf("%s: Minified", name)
		}
		if got, want := execute(t, tmpl, "image.html", page), execute(t, plain, "image.html", page); got != want {
			t.Errorf("%s: page %q, want %q", name, got, want)
		}
	}
}

// TestMinifiedThemeFallsBack checks that a page whose minified template
// fails where the template as written runs is made from the template as
// written and minified whole.
func TestMinifiedThemeFallsBack(t *testing.T) {
	theme := testTheme(nil)
	plain, err := ParseTemplates(theme, testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	broken := squash
	broken.MinifyTemplate = func(src []byte) ([]byte, error) { return bytes.ReplaceAll(src, []byte(".Title"), []byte(".Nope")), nil }
	tmpl, err := ParseTemplates(theme, testFuncs, broken)
	if err != nil {
		t.Fatal(err)
	}
	page := &Page{Title: "Go"}
	var buf bytes.Buffer
	buf.WriteString("kept:")
	if err := tmpl.Execute(&buf, "image.html", page); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "kept:<!--whole-->"+execute(t, plain, "image.html", page); got != want {
		t.Errorf("page %q, want %q", got, want)
	}
}

// TestActionInRawText checks which templates are left unminified (and
// with them the theme): those with an action in the text of a script,
// style or textarea element, whose spaces the minifier would collapse.
func TestActionInRawText(t *testing.T) {
	for src, want := range map[string]bool{
		`<script src="{{asset "js/site.js"}}" defer></script>`:              false,
		`<script>var s = {{.Title}};</script>`:                              true,
		`<SCRIPT type="module">f({{.Title}})</SCRIPT>`:                      true,
		`<style>p { color: {{.Colour}} }</style>`:                           true,
		`<textarea name="q">{{.Title}}</textarea>`:                          true,
		`<script>a = 1</script><p>{{.Title}}</p>`:                           false,
		`<p>{{.Title}}</p><style>p{}</style><script>x()</script>{{.Title}}`: false,
	} {
		if got := actionInRawText(src); got != want {
			t.Errorf("%s: %v, want %v", src, got, want)
		}
	}
	theme := testTheme(map[string]string{"partials/count.html": `<script>var n = {{.}};</script>`})
	tmpl, err := ParseTemplates(theme, testFuncs, squash)
	if err != nil {
		t.Fatal(err)
	}
	if tmpl.Minified() {
		t.Error("a theme with an action in a script is minified when parsed")
	}
}
