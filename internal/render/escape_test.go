package render

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
	"time"
)

// escapeValues are values of every kind an escaper may be given: strings
// with each character html/template replaces somewhere, bytes that are not
// UTF-8, html/template's typed strings, numbers, pointers, a Stringer, an
// error and nil.
func escapeValues() []any {
	s := "a b"
	n := 7
	var nilPtr *string
	return []any{
		"", "plain", "/images/go/", "https://example.org/a_b-c.d~e/#f?g=h", "mailto:x@y", "javascript:alert(1)",
		"JavaScript:x", "a/b:c", `<b>"Tom" & 'Jerry' + co</b>`, "a\x00b", "caf\xc3\xa9 \xff\xfe", "100%", "%zz", "%41",
		"x y", "\uFDD0\uFFF0", "#frag", "sp ace",
		template.HTML(`<b class="x">A &amp; B</b> + 'c'`), template.URL("http://x/?a=1&b=<2>"), template.URL("webcal://example.org/docs/eol.ics"), template.URL("javascript:x"), template.URL("a_b"), template.HTMLAttr(`title="x"`),
		template.JS("alert('x')"), template.CSS("a<b"), template.JSStr("x'y"), template.Srcset("a.png 1x"),
		0, -12, n, &n, int64(5), 3.5, true, []string{"a", "<b>"}, &s, nilPtr, nil,
		errors.New("e<r>"), strings.NewReplacer(), stringer("s<t>"),
	}
}

type stringer string

func (s stringer) String() string { return "str:" + string(s) }

// TestEscaperChains checks that each chain's function writes what
// html/template writes in its context, for every kind of value.
func TestEscaperChains(t *testing.T) {
	for _, c := range escChains() {
		esc := c.escaper()
		if esc == nil {
			t.Errorf("%s: the probe is not escaped with %v", c.name, c.escapers)
			continue
		}
		want := template.Must(template.New("").Parse(c.probe))
		for _, v := range escapeValues() {
			var out strings.Builder
			if err := want.Execute(&out, v); err != nil {
				t.Fatal(err)
			}
			w := strings.TrimSuffix(strings.TrimPrefix(out.String(), c.before), c.after)
			if got := esc(v); got != w {
				t.Errorf("%s(%#v) = %q; want %q", c.name, v, got, w)
			}
		}
	}
}

// FuzzEscaperChains: TestEscaperChains for any string.
func FuzzEscaperChains(f *testing.F) {
	for _, v := range escapeValues() {
		if s, ok := v.(string); ok {
			f.Add(s)
		}
	}
	chains := escChains()
	var escs []func(any) string
	var probes []*template.Template
	for _, c := range chains {
		escs = append(escs, c.escaper())
		probes = append(probes, template.Must(template.New("").Parse(c.probe)))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, c := range chains {
			var out strings.Builder
			if err := probes[i].Execute(&out, s); err != nil {
				t.Fatal(err)
			}
			w := strings.TrimSuffix(strings.TrimPrefix(out.String(), c.before), c.after)
			if got := escs[i](s); got != w {
				t.Errorf("%s(%q) = %q; want %q", c.name, s, got, w)
			}
		}
	})
}

// TestRewrittenActions checks that a page whose actions are rewritten
// (chains, links with a chain, results written as they are, partials
// without a slice) is what html/template alone makes of the templates,
// and that each kind of action was rewritten.
func TestRewrittenActions(t *testing.T) {
	theme := testTheme(map[string]string{
		"image.html": `{{define "main"}}{{$d := date .When}}{{$v := .Title}}{{$h := partialCached "partials/count.html" .Title}}` +
			`<p title="{{$d}} {{$v}}" data-x="{{$h}}">{{$d}} {{$v}} {{$h}}</p><a href="{{url .URL}}">{{.Title}}</a>` +
			`<a href="{{absURL .Target}}" title="{{absURL .Target}}">{{plural 2 "day" "days"}} {{plural 1 "<" ">"}}</a>` +
			`<a href="#{{.Description}}">{{len .Target}}</a><title>{{.Title}}</title>{{partialCached "partials/count.html" .Title}}` +
			`{{partialCached "partials/count.html" .Title "k"}}{{partialCached "partials/count.html" .Title "k" 2}}{{.Body}}` +
			`<p title="{{.Body}}">{{with .Site}}{{.Title}}{{end}}{{range .Headings}}<a href="#{{.ID}}">{{.Text}}</a>{{end}}</p>` +
			`{{$w := date .When}}{{if .Title}}{{$w = .Title}}{{end}}<i title="{{$w}}">{{$w}}</i>{{end}}`,
	})
	tmpl, err := ParseTemplates(theme, testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		Title, URL, Target, Description string
		When                            time.Time
		Body                            template.HTML
		Site                            *Site
		Headings                        []Heading
	}
	pages := []*page{
		{Title: "Go", URL: "/images/go/", Target: "/a b/", Description: "x y"},
		{Title: `<"T'om"> & + co`, URL: "/x/?a=1&b", Target: "javascript:x", Description: "frag", When: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
			Body: `<b>"bold"</b>`, Site: &Site{Title: "<S>"}, Headings: []Heading{{ID: "a-b", Text: "<A>"}, {ID: "c d", Text: "C"}}},
	}
	for _, p := range pages {
		tmpl.ResetCache() // the partials' keys do not say their data
		want := asWritten(t, theme, testFuncs, "image.html", p)
		if got := execute(t, tmpl, "image.html", p); got != want {
			t.Errorf("%+v:\n got %s\nwant %s", p, got, want)
		}
	}
	tree := tmpl.sets["image.html"].get().Lookup("main").Tree.Root.String()
	for _, want := range []string{
		`{{$d}} {{$v | _sitegen_attr}}`, `{{$h | _sitegen_attr}}`, `{{$d}} {{$v | _sitegen_html}} {{$h}}`,
		`{{_sitegen_href_url .URL}}`, `{{_sitegen_href_absURL .Target}}`, `{{_sitegen_attr_absURL .Target}}`,
		`{{plural 2 "day" "days"}} {{plural 1 "<" ">" | _sitegen_html}}`, `{{.Description | _sitegen_fragment}}`, `{{len .Target}}`,
		`<title>{{.Title | _sitegen_rcdata}}</title>`, `{{_sitegen_partialCached0 "partials/count.html" .Title}}`,
		`{{_sitegen_partialCached1 "partials/count.html" .Title "k"}}`, `{{partialCached "partials/count.html" .Title "k" 2}}`,
		`<i title="{{$w | _sitegen_attr}}">{{$w | _sitegen_html}}</i>`,
	} {
		if !strings.Contains(tree, want) {
			t.Errorf("no %s in\n%s", want, tree)
		}
	}
}

// TestRewrittenErrors checks that an error of a rewritten action names
// what the theme calls, as written.
func TestRewrittenErrors(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(map[string]string{
		"image.html":        `{{define "main"}}<p>{{partialCached "partials/bad.html" . "k"}}</p>{{end}}`,
		"partials/bad.html": `{{.Nosuch}}`,
		"page.html":         `{{define "main"}}<a href="{{url .Title}}">{{.Title}}</a>{{.Nosuch}}{{end}}`,
	}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"image.html": `templates/image.html:1: template error: executing "main" at <partialCached "partials/bad.html" . "k">: error calling partialCached: template: partials/bad.html:1:2: executing "partials/bad.html" at <.Nosuch>: can't evaluate field Nosuch in type *render.Page`,
		"page.html":  `templates/page.html:1: template error: executing "main" at <.Nosuch>: can't evaluate field Nosuch in type *render.Page`,
	} {
		var buf bytes.Buffer
		buf.WriteString("before")
		err := tmpl.Execute(&buf, name, &Page{Title: "T"})
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
		if buf.String() != "before" {
			t.Errorf("%s: the buffer holds %q", name, buf.String())
		}
	}
}

// TestUnreserved: unreserved is RFC 3986's set of unreserved characters,
// ALPHA / DIGIT / "-" / "." / "_" / "~", and nothing else.
func TestUnreserved(t *testing.T) {
	const set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
	for c := 0; c < 256; c++ {
		if got, want := unreserved(byte(c)), strings.IndexByte(set, byte(c)) >= 0; got != want {
			t.Errorf("unreserved(%q) = %v, want %v", byte(c), got, want)
		}
	}
}
