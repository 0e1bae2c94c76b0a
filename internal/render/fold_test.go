package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"sync/atomic"
	"testing"
)

// TestConstantLinksFolded checks that a constant link made of plain
// characters, escaped for HTML text, an attribute or a URL, is worked out
// once (the function is not called again when a page runs), and that the
// pages are what the templates as written make: a link with a space, one
// in a script, one assigned to a variable and one in a template that the
// page does not reach are left to run.
func TestConstantLinksFolded(t *testing.T) {
	var calls atomic.Int64
	funcs := testFuncs
	funcs.URL = func(p string) string { calls.Add(1); return testFuncs.URL(p) }
	theme := testTheme(map[string]string{
		"image.html": `{{define "main"}}<a href="{{url "/"}}">{{url "/x/"}}</a><a title="{{url "/y/"}}" href="{{url "/a b/"}}"></a>` +
			`<script>var u = {{url "/z/"}};</script>{{if .Title}}<a href="{{asset "css/site.css"}}">{{.Title}}</a>{{end}}` +
			`{{$u := url "/v/"}}<title>{{$u}}</title>{{end}}`,
		"partials/unused.html": `<a href="{{url "/unused/"}}"></a>`,
	})
	tmpl, err := ParseTemplates(theme, funcs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := asWritten(t, theme, funcs, "image.html", &Page{Title: "T"})
	if got := execute(t, tmpl, "image.html", &Page{Title: "T"}); got != want {
		t.Errorf("first run:\n got %s\nwant %s", got, want)
	}
	before := calls.Load()
	if got := execute(t, tmpl, "image.html", &Page{Title: "T"}); got != want {
		t.Errorf("second run:\n got %s\nwant %s", got, want)
	}
	if n := calls.Load() - before; n != 3 {
		t.Errorf("url ran %d times on the second run, want 3 (the link with a space, in a script, assigned)", n)
	}
	var unused string
	for _, tt := range tmpl.sets["image.html"].get().Templates() {
		if tt.Name() == "partials/unused.html" {
			unused = tt.Tree.Root.String()
		}
	}
	if unused != `<a href="{{url "/unused/"}}"></a>` {
		t.Errorf("a partial the page does not reach: %s", unused)
	}
}

// TestPrimingRunsNoPartial checks that escaping a page set runs no
// cached partial: with no data, one would be cached wrong for its key.
func TestPrimingRunsNoPartial(t *testing.T) {
	tmpl, err := ParseTemplates(testTheme(map[string]string{
		"alias.html":           `{{partialCached "partials/opt.html" .T "k"}}<p>{{.T}}</p>`,
		"partials/opt.html":    `{{with .}}[{{.}}]{{else}}none{{end}}`,
		"partials/unused.html": ``,
	}), testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type data struct{ T string }
	if got, want := execute(t, tmpl, "alias.html", data{"x"}), `[x]<p>x</p>`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// asWritten runs the page template name of theme through html/template
// alone, without folding anything.
func asWritten(t *testing.T, theme fs.FS, funcs Funcs, name string, data any) string {
	t.Helper()
	fm := funcs.funcMap()
	set := template.New("")
	fm["partialCached"] = func(name string, data any, _ ...any) (template.HTML, error) {
		var buf bytes.Buffer
		err := set.ExecuteTemplate(&buf, name, data)
		return template.HTML(buf.String()), err
	}
	set.Funcs(fm)
	files, _ := fs.Glob(theme, "templates/partials/*.html")
	for _, f := range append(files, "templates/baseof.html", "templates/"+name) {
		src, err := fs.ReadFile(theme, f)
		if err != nil {
			t.Fatal(err)
		}
		template.Must(set.New(strings.TrimPrefix(f, "templates/")).Parse(string(src)))
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "baseof.html", data); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestPlainLink checks the characters a folded link may hold: letters,
// digits and "/._~-", each range to its ends, and none of the characters
// just outside them.
func TestPlainLink(t *testing.T) {
	for _, s := range []string{"/", "a", "z", "A", "Z", "0", "9", ".", "_", "~", "-", "/css/site-2.min.css", "/aZ09/"} {
		if !plainLink(s) {
			t.Errorf("plainLink(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"", "`", "{", "@", "[", ":", " ", "/a b/", "/x?y", "/x#y", "/%20", "/é/", "/a&b", "javascript:x"} {
		if plainLink(s) {
			t.Errorf("plainLink(%q) = true, want false", s)
		}
	}
}
