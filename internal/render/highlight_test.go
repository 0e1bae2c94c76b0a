package render

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

func TestHighlighterCacheGenerations(t *testing.T) {
	h := NewCachingHighlighter()
	var b strings.Builder
	h.Write(&b, "go", "package a\n")
	if _, ok := h.lookup("go\x00package a\n"); !ok {
		t.Fatal("block not remembered")
	}
	h.Sweep() // a build that used the block ends
	h.Sweep() // a build that did not use it ends
	if _, ok := h.lookup("go\x00package a\n"); ok {
		t.Fatal("a block unused for a whole build is still remembered")
	}
	h.Write(&b, "go", "package b\n")
	h.Sweep()
	h.Write(&b, "go", "package b\n") // used again: carried into this generation
	h.Sweep()
	if _, ok := h.lookup("go\x00package b\n"); !ok {
		t.Fatal("a block used in the last build was forgotten")
	}
}

func TestHighlighterOutputIsStable(t *testing.T) {
	plain, caching := NewHighlighter(), NewCachingHighlighter()
	for _, lang := range []string{"sh", "dockerfile", "yaml", "", "nosuch"} {
		var a, b, c strings.Builder
		code := "echo <hi> & FROM x\n"
		plain.Write(&a, lang, code)
		caching.Write(&b, lang, code)
		caching.Write(&c, lang, code)
		if a.String() != b.String() || b.String() != c.String() {
			t.Errorf("%q: cached and uncached output differ:\n%s\n%s\n%s", lang, a.String(), b.String(), c.String())
		}
		if strings.Contains(a.String(), "<hi>") {
			t.Errorf("%q: code not escaped: %s", lang, a.String())
		}
	}
}

// TestInheritedColours checks the rule that gives the dark style's text
// colour to the tokens that have it: every token class whose colour is the
// text colour, sorted, and never the wrappers (background, line numbers),
// which have no token class of their own.
func TestInheritedColours(t *testing.T) {
	style := chroma.MustNewStyle("test", chroma.StyleEntries{
		chroma.Background:  "bg:#000000",
		chroma.LineNumbers: "#aaaaaa",
		chroma.Text:        "#aaaaaa",
		chroma.Keyword:     "#aaaaaa",
		chroma.Punctuation: "#aaaaaa bold",
		chroma.Name:        "#bbbbbb",
		chroma.Comment:     "#111111",
		chroma.Generic:     "#111111",
		chroma.Literal:     "#111111",
		chroma.Operator:    "#111111",
		chroma.Whitespace:  "#111111",
	})
	var b bytes.Buffer
	writeInherited(&b, style)
	want := ".chroma .k, .chroma .kc, .chroma .kd, .chroma .kn, .chroma .kp, .chroma .kr, .chroma .kt, .chroma .p { color: #aaaaaa; }\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	b.Reset()
	writeInherited(&b, chroma.MustNewStyle("no text", chroma.StyleEntries{chroma.Keyword: "#aaaaaa"}))
	if b.Len() != 0 {
		t.Errorf("a style without a text colour: %s", b.String())
	}
}

// TestStylesheet checks the order of the highlighting stylesheet: the
// light style, then the dark one with its inherited colours inside a
// prefers-color-scheme media query, then the rule that hides error boxes.
func TestStylesheet(t *testing.T) {
	css, err := Stylesheet("github", "github-dark")
	if err != nil {
		t.Fatal(err)
	}
	light, dark, ok := strings.Cut(css, "@media (prefers-color-scheme: dark) {\n")
	if !ok {
		t.Fatalf("no dark block:\n%s", css)
	}
	if !strings.Contains(light, ".chroma .k { color: #cf222e }") || strings.Contains(light, "#ff7b72") {
		t.Errorf("the light block is not github's:\n%s", light)
	}
	if !strings.Contains(dark, ".chroma .k { color: #ff7b72 }") {
		t.Errorf("the dark block is not github-dark's:\n%s", dark)
	}
	tail := "}\n.chroma .err { color: inherit; background-color: transparent; }\n"
	inherited := ".chroma .n, .chroma .na, .chroma .nb, .chroma .nx, .chroma .p { color: #e6edf3; }\n"
	if !strings.HasSuffix(dark, inherited+tail) {
		t.Errorf("the dark block does not end with the inherited colours and the error rule:\n%s", dark[max(0, len(dark)-400):])
	}
}

// TestPlainHighlighter checks that a plain Highlighter writes code as an
// unknown language's, and that neither kind writes an id attribute, even
// for code that holds one: a check that skips highlighting then sees the
// ids a build sees.
func TestPlainHighlighter(t *testing.T) {
	code := "<a id=\"x\">'q'</a>\nfunc main() {}\n"
	var got, unknown, colour strings.Builder
	NewPlainHighlighter().Write(&got, "go", code)
	NewHighlighter().Write(&unknown, "nosuch", code)
	NewHighlighter().Write(&colour, "go", code)
	want := strings.Replace(unknown.String(), `data-lang="nosuch"`, `data-lang="go"`, 1)
	if got.String() != want {
		t.Errorf("plain go code = %s\nwant %s", got.String(), want)
	}
	if colour.String() == got.String() {
		t.Error("the test's code is not highlighted by the default Highlighter")
	}
	for _, out := range []string{got.String(), colour.String()} {
		if strings.Contains(out, ` id="`) {
			t.Errorf("code output has an id: %s", out)
		}
	}
}

// TestCachingHighlighterIsBounded checks that a caching Highlighter keeps
// at most cacheMemory bytes of blocks in a generation, and still writes
// the blocks past it.
func TestCachingHighlighterIsBounded(t *testing.T) {
	h := NewCachingHighlighter()
	code := strings.Repeat("x := 1\n", 1000) // in no language chroma knows: quick to write
	n := 2 * cacheMemory / len(code)
	for i := range n {
		var b strings.Builder
		h.Write(&b, "nosuch", code+"// "+strconv.Itoa(i)+"\n")
		if !strings.Contains(b.String(), "// "+strconv.Itoa(i)+"\n") {
			t.Fatalf("block %d was not written", i)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.held > cacheMemory || len(h.cur) == 0 || len(h.cur) == n {
		t.Errorf("%d of %d blocks, %d bytes held; want some, at most %d bytes", len(h.cur), n, h.held, cacheMemory)
	}
}
