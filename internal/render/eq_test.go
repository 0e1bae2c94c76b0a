package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestFastEq checks that comparisons with a word or a number write what
// the builtin eq makes of them, for values of every kind, and fail where
// it fails, with its error.
func TestFastEq(t *testing.T) {
	type kind string
	type data struct {
		Title  string
		S      string
		K      kind
		I      int
		I8     int8
		U      uint
		F      float64
		P      *string
		A      any
		Blocks []int
	}
	src := `{{define "main"}}{{if eq .S "a"}}S{{end}}{{if eq .K "a"}}K{{end}}{{if eq .I 2}}I{{end}}{{if eq .I8 -2}}I8{{end}}` +
		`{{if eq .U 2}}U{{end}}{{if eq .A "a"}}A{{end}}{{range .Blocks}}{{if eq . 1}}one{{else if eq . 0x2}}two{{end}}{{end}}` +
		`<p title="{{eq .S "a"}}">{{or (eq .S "b") (eq .I 3)}}</p>{{end}}`
	theme := testTheme(map[string]string{"image.html": src,
		"page.html": `{{define "main"}}{{if eq .A "a"}}A{{end}}{{end}}`, "404.html": `{{define "main"}}{{if eq .F 2}}F{{end}}{{end}}`})
	tmpl, err := ParseTemplates(theme, testFuncs, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []data{
		{S: "a", K: "a", I: 2, I8: -2, U: 2, A: "a", Blocks: []int{1, 2, 3}},
		{S: "b", K: "b", I: 3, I8: 2, U: 3},
		{A: kind("a")},
		{A: "b"},
	} {
		want := asWritten(t, theme, testFuncs, "image.html", d)
		if got := execute(t, tmpl, "image.html", d); got != want {
			t.Errorf("%+v:\n got %s\nwant %s", d, got, want)
		}
	}
	tree := tmpl.sets["image.html"].get().Lookup("main").Tree.Root.String()
	for _, want := range []string{`eqString .S "a"`, `eqInt .I 2`, `eqInt .I8 -2`, `eqInt . 1`, `eq . 0x2`, `(_sitegen_eqString .S "b")`} {
		if !strings.Contains(tree, want) {
			t.Errorf("no %s in %s", want, tree)
		}
	}
	// A float or a pointer is not compared with a word or an int: the
	// error is the builtin's, as the theme is written.
	for name, d := range map[string]data{"404.html": {F: 2}, "page.html": {A: 2.0}, "image.html": {A: new(string)}} {
		var buf bytes.Buffer
		err := tmpl.Execute(&buf, name, d)
		if err == nil || strings.Contains(err.Error(), "_sitegen") || !strings.Contains(err.Error(), "error calling eq") {
			t.Errorf("%s %+v: %v", name, d, err)
		}
	}
}

// TestEqIntEdges: eqInt compares unsigned values with zero, as the
// builtin eq does, and never a negative number with one.
func TestEqIntEdges(t *testing.T) {
	for _, c := range []struct {
		a    any
		n    int
		want bool
	}{
		{uint(0), 0, true},
		{uint8(7), 7, true},
		{uint(0), -1, false},
		{int64(-3), -3, true},
	} {
		if got := eqInt(c.a, c.n); got != c.want {
			t.Errorf("eqInt(%T(%v), %d) = %v, want %v", c.a, c.a, c.n, got, c.want)
		}
	}
}

// TestIsDecimal: the digits at each end of 0-9 are digits, the bytes
// just outside are not, and a minus sign alone is no number.
func TestIsDecimal(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "9": true, "-0": true, "109": true,
		"": false, "-": false, "/": false, ":": false, "1:": false, "--1": false,
	} {
		if got := isDecimal(s); got != want {
			t.Errorf("isDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}
