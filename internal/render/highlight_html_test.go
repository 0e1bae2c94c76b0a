package render

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// chromaFormatter is the formatter appendCodeHTML stands in for: chroma's
// HTML formatter with the options the Highlighter used it with.
func chromaFormatter() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))
}

// chromaHTML is what chroma's formatter writes for toks.
func chromaHTML(t testing.TB, toks []chroma.Token) string {
	var b bytes.Buffer
	if err := chromaFormatter().Format(&b, styles.Fallback, chroma.Literator(toks...)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameHTMLAsChroma checks that appendCodeHTML writes toks as chroma's
// formatter does.
func sameHTMLAsChroma(t testing.TB, toks []chroma.Token) {
	t.Helper()
	got := string(appendCodeHTML([]byte("before"), toks))
	want := "before" + chromaHTML(t, toks)
	if got != want {
		t.Fatalf("tokens %s\nours:   %q\nchroma: %q", showTokens(toks), got, want)
	}
}

// chromaWrite is what the Highlighter wrote before it had its own
// formatter: chroma's lexer, coalesced, and chroma's formatter.
func chromaWrite(t testing.TB, lang, code string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	var b bytes.Buffer
	b.WriteString(`<div class="highlight"`)
	if lang != "" {
		b.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	b.WriteString(">")
	if l := lexers.Get(lang); lang != "" && l != nil {
		it, err := chroma.Coalesce(l).Tokenise(nil, code)
		if err != nil {
			t.Fatal(err)
		}
		if err := chromaFormatter().Format(&b, styles.Fallback, it); err != nil {
			t.Fatal(err)
		}
	} else {
		b.WriteString(`<pre class="chroma"><code>` + html.EscapeString(code) + "</code></pre>")
	}
	b.WriteString("</div>\n")
	return b.String()
}

// siteLanguages are the languages of code blocks on the bundled site, in
// the test sites and golden tests, and a few more that documentation uses.
var siteLanguages = []string{
	"sh", "bash", "shell", "console", "dockerfile", "yaml", "yml", "json", "python",
	"text", "nginx", "ini", "hcl", "go", "toml", "javascript", "html", "diff", "makefile",
}

// trickyTokens are token streams at the edges of chroma's line cutting and
// class lookup: empty tokens, tokens of several lines, a stream that ends
// early, types with no class, types chroma does not define.
var trickyTokens = [][]chroma.Token{
	nil,
	{{Type: chroma.Text, Value: ""}},
	{{Type: chroma.Keyword, Value: ""}},
	{{Type: chroma.Keyword, Value: "a\n"}, {Type: chroma.Keyword, Value: ""}},
	{{Type: chroma.Keyword, Value: "a\n"}, {Type: chroma.Text, Value: ""}, {Type: chroma.Name, Value: ""}},
	{{Type: chroma.Keyword, Value: "a"}, {Type: chroma.Text, Value: ""}},
	{{Type: chroma.Keyword, Value: ""}, {Type: chroma.Text, Value: "x\n"}},
	{{Type: chroma.Comment, Value: "\n\n\na\nb\n"}, {Type: chroma.Text, Value: "\n"}},
	{{Type: chroma.LiteralString, Value: `<a href="x">&'</a>`}, {Type: chroma.Error, Value: "\x00\xff"}},
	{{Type: chroma.Keyword, Value: "a"}, chroma.EOF, {Type: chroma.Name, Value: "b"}},
	{{Type: 0, Value: "no type"}, {Type: 3105, Value: "a string's subtype"}, {Type: 3150, Value: "x"}},
	{{Type: -5, Value: "meta"}, {Type: -100, Value: "x"}, {Type: 99999, Value: "big"}, {Type: 10000, Value: "y"}, {Type: 9999, Value: "z"}},
	{{Type: chroma.Background, Value: "bg"}, {Type: chroma.Line, Value: "l"}, {Type: chroma.Ignore, Value: "i"}, {Type: chroma.Other, Value: "o"}},
}

func TestFormatMatchesChroma(t *testing.T) {
	for _, toks := range trickyTokens {
		sameHTMLAsChroma(t, toks)
	}
	types := fuzzTypes()
	for i, tt := range types {
		sameHTMLAsChroma(t, []chroma.Token{{Type: tt, Value: "x"}, {Type: types[len(types)-1-i], Value: "y\n"}})
	}
}

// TestHighlighterMatchesChroma checks the Highlighter's whole output, fast
// tokenisers and formatter, against chroma's lexers and formatter, for
// every code block of the bundled site, the test sites and gencatalog, in
// every language they use, and the tricky code of the fast tokenisers'
// tests.
func TestHighlighterMatchesChroma(t *testing.T) {
	h := NewHighlighter()
	check := func(lang, code string) {
		t.Helper()
		var b strings.Builder
		h.Write(&b, lang, code)
		if want := chromaWrite(t, lang, code); b.String() != want {
			t.Errorf("%s %q:\nours:   %q\nchroma: %q", lang, code, b.String(), want)
		}
	}
	n := 0
	for _, lang := range siteLanguages {
		for _, code := range siteBlocks(t, lang) {
			check(lang, code)
			n++
		}
	}
	if n < 150 {
		t.Errorf("only %d site blocks", n)
	}
	for _, code := range trickyShell {
		check("sh", code)
	}
	for _, code := range trickyDockerfiles {
		check("Dockerfile", code)
	}
	for _, code := range trickySessions {
		check("console", code)
	}
	for _, lang := range []string{"", "nosuch", ` "q"&<x> `} {
		check(lang, "<b>&'\"</b>\n")
	}
}

// fuzzTypes are the token types FuzzFormat draws from: every type chroma
// names, and types it does not.
func fuzzTypes() []chroma.TokenType {
	var types []chroma.TokenType
	for tt := range chroma.StandardTypes {
		types = append(types, tt)
	}
	types = append(types, 0, 3105, 3150, 1099, -5, -100, -1000, 9999, 10000, 99999)
	slices.Sort(types)
	return types
}

// fuzzTokens reads a token stream from data: each token is a byte that
// picks its type from types, a byte that gives its length, and that many
// bytes of text.
func fuzzTokens(types []chroma.TokenType, data []byte) []chroma.Token {
	var toks []chroma.Token
	for len(data) >= 2 {
		tt, n := types[int(data[0])%len(types)], min(int(data[1]), len(data)-2)
		toks = append(toks, chroma.Token{Type: tt, Value: string(data[2 : 2+n])})
		data = data[2+n:]
	}
	return toks
}

// encodeTokens writes toks as fuzzTokens reads them, a long token as
// several.
func encodeTokens(types []chroma.TokenType, toks []chroma.Token) []byte {
	var data []byte
	for _, tok := range toks {
		i := slices.Index(types, tok.Type)
		for v := tok.Value; ; {
			n := min(len(v), 255)
			data = append(data, byte(i), byte(n))
			data = append(data, v[:n]...)
			if v = v[n:]; v == "" {
				break
			}
		}
	}
	return data
}

// FuzzFormat checks that appendCodeHTML writes every token stream as
// chroma's formatter does. The seeds are trickyTokens and chroma's tokens
// for the code blocks of the bundled site, the test sites and gencatalog;
// testdata/fuzz/FuzzFormat holds more.
func FuzzFormat(f *testing.F) {
	types := fuzzTypes()
	for _, toks := range trickyTokens {
		f.Add(encodeTokens(types, toks))
	}
	for _, lang := range siteLanguages {
		l := lexers.Get(lang)
		for _, code := range siteBlocks(f, lang) {
			toks, err := chroma.Tokenise(chroma.Coalesce(l), nil, code)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(encodeTokens(types, toks))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameHTMLAsChroma(t, fuzzTokens(types, data))
	})
}

// TestHighlightAllocates checks that a Highlighter keeps its memory for
// the next block: gencatalog's blocks, once one has been written, allocate
// only the Bash lexer's state (one per shell command the Dockerfile hands
// to Bash), where writing them with fresh memory takes a dozen
// allocations or more.
func TestHighlightAllocates(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector makes sync.Pool drop memory")
	}
	h := NewHighlighter()
	sh, dockerfile := gencatalogBlocks("python-fips")
	var b bytes.Buffer
	for _, c := range []struct {
		lang, code string
		most       float64
	}{{"sh", sh, 1}, {"dockerfile", dockerfile, 4}} {
		n := testing.AllocsPerRun(100, func() {
			b.Reset()
			h.Write(&b, c.lang, c.code)
		})
		if n > c.most {
			t.Errorf("%s: %.1f allocations a block, want at most %.0f", c.lang, n, c.most)
		}
	}
}
