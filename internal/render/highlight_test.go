package render

import (
	"strings"
	"testing"
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
