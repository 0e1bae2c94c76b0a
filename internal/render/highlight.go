package render

import (
	"bytes"
	"html"
	"io"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Highlighter turns code into HTML with chroma's CSS classes. It remembers
// what it highlighted, so a block repeated across pages (or unchanged
// between two builds in serve) is tokenised once. It is safe for concurrent
// use.
type Highlighter struct {
	formatter *chromahtml.Formatter
	mu        sync.Mutex
	lexers    map[string]chroma.Lexer
	cache     sync.Map // key: lang + "\x00" + code -> string
}

// NewHighlighter returns a Highlighter.
func NewHighlighter() *Highlighter {
	return &Highlighter{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		lexers:    map[string]chroma.Lexer{},
	}
}

func (h *Highlighter) lexer(lang string) chroma.Lexer {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.lexers[lang]
	if !ok {
		if l = lexers.Get(lang); l != nil {
			l = chroma.Coalesce(l)
		}
		h.lexers[lang] = l
	}
	return l
}

// Write writes code in lang, highlighted, to w.
func (h *Highlighter) Write(w io.Writer, lang, code string) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	key := lang + "\x00" + code
	if v, ok := h.cache.Load(key); ok {
		io.WriteString(w, v.(string))
		return
	}
	var b bytes.Buffer
	b.WriteString(`<div class="highlight"`)
	if lang != "" {
		b.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	b.WriteString(">")
	if !h.format(&b, lang, code) {
		b.WriteString(`<pre class="chroma"><code>`)
		b.WriteString(html.EscapeString(code))
		b.WriteString("</code></pre>")
	}
	b.WriteString("</div>\n")
	s := b.String()
	h.cache.Store(key, s)
	io.WriteString(w, s)
}

func (h *Highlighter) format(b *bytes.Buffer, lang, code string) bool {
	if lang == "" {
		return false
	}
	l := h.lexer(lang)
	if l == nil {
		return false
	}
	it, err := l.Tokenise(nil, code)
	if err != nil {
		return false
	}
	mark := b.Len()
	if err := h.formatter.Format(b, styles.Fallback, it); err != nil {
		b.Truncate(mark)
		return false
	}
	return true
}

// Stylesheet returns CSS for the highlighted code: a light style, and a
// dark one for readers whose system prefers dark.
func Stylesheet(light, dark string) (string, error) {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var b bytes.Buffer
	if err := f.WriteCSS(&b, styles.Get(light)); err != nil {
		return "", err
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	if err := f.WriteCSS(&b, styles.Get(dark)); err != nil {
		return "", err
	}
	b.WriteString("}\n")
	// Lexers mark what they cannot place (a Dockerfile's line ends, say)
	// as errors; a red box there tells the reader nothing.
	b.WriteString(".chroma .err { color: inherit; background-color: transparent; }\n")
	return b.String(), nil
}
