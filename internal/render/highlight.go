package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Highlighter turns code into HTML with chroma's CSS classes, as chroma's
// HTML formatter writes it (see appendCodeHTML). It is safe for concurrent
// use.
//
// A caching Highlighter remembers what it highlighted, so that a rebuild
// tokenises only the code that changed. Its memory is two generations:
// Sweep, called after each build (serve: after each finished check), forgets every block the build before did
// not use, so the cache never grows past two builds' worth of code; and
// each generation keeps at most cacheMemory bytes of code and HTML (the
// blocks past it are highlighted each time), so that a big site's code
// (a third of a gigabyte at 100,000 images) is not all held.
type Highlighter struct {
	caching bool
	plain   bool // escape code, never highlight it

	scratch sync.Pool // of *codeScratch

	mu     sync.Mutex
	lexers map[string]chroma.Lexer
	cur    map[string]string // key: lang + "\x00" + code
	prev   map[string]string
	held   int // bytes of keys and HTML in cur
}

// cacheMemory is how many bytes of code and HTML a caching Highlighter
// keeps in a generation.
const cacheMemory = 16 << 20

// NewHighlighter returns a Highlighter that remembers nothing: the right
// one for a single build, where few blocks repeat.
func NewHighlighter() *Highlighter {
	return &Highlighter{
		lexers:  map[string]chroma.Lexer{},
		scratch: sync.Pool{New: func() any { return new(codeScratch) }},
	}
}

// NewCachingHighlighter returns a Highlighter that remembers its work
// across builds, for the dev server.
func NewCachingHighlighter() *Highlighter {
	h := NewHighlighter()
	h.caching = true
	h.cur, h.prev = map[string]string{}, map[string]string{}
	return h
}

// NewPlainHighlighter returns a Highlighter that highlights nothing: it
// writes all code as it writes code in a language chroma does not know.
// It is for a check of a site, which needs each body's links and headings,
// not its colours: highlighting never fails and writes no id, so a body
// rendered with it has the same links, headings, ids and errors.
func NewPlainHighlighter() *Highlighter {
	h := NewHighlighter()
	h.plain = true
	return h
}

// Sweep ends a generation: blocks not used since the last Sweep are
// forgotten.
func (h *Highlighter) Sweep() {
	if !h.caching {
		return
	}
	h.mu.Lock()
	h.prev, h.cur, h.held = h.cur, map[string]string{}, 0
	h.mu.Unlock()
}

// lookup and store are the caching Highlighter's memory.
func (h *Highlighter) lookup(key string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v, ok := h.cur[key]; ok {
		return v, true
	}
	if v, ok := h.prev[key]; ok {
		h.keep(key, v)
		return v, true
	}
	return "", false
}

func (h *Highlighter) store(key, html string) {
	h.mu.Lock()
	h.keep(key, html)
	h.mu.Unlock()
}

// keep puts a block in cur unless that would pass cacheMemory.
func (h *Highlighter) keep(key, html string) {
	if n := len(key) + len(html); h.held+n <= cacheMemory {
		h.cur[key] = html
		h.held += n
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
	var key string
	if h.caching {
		key = lang + "\x00" + code
		if v, ok := h.lookup(key); ok {
			io.WriteString(w, v)
			return
		}
	}
	s := h.scratch.Get().(*codeScratch)
	s.html = h.write(s, s.html[:0], lang, code)
	w.Write(s.html)
	if h.caching {
		h.store(key, string(s.html))
	}
	if cap(s.html) <= maxScratch {
		clear(s.toks) // keep no code alive
		s.spans.code = ""
		h.scratch.Put(s)
	}
}

// codeScratch is the memory a Highlighter writes a block with, kept for the
// next block.
type codeScratch struct {
	html  []byte         // the block's HTML
	toks  []chroma.Token // its tokens
	spans spans          // the fast tokenisers' spans
}

// maxScratch is the most HTML a Highlighter's scratch keeps room for: one
// from a block far bigger than most is let go.
const maxScratch = 256 << 10

// write appends code in lang, highlighted, to b.
func (h *Highlighter) write(s *codeScratch, b []byte, lang, code string) []byte {
	b = slices.Grow(b, len(code)*4+128) // most highlighted code is 2-4 times its size
	b = append(b, `<div class="highlight"`...)
	if lang != "" {
		b = append(b, ` data-lang="`...)
		b = appendHTMLEscaped(b, lang)
		b = append(b, '"')
	}
	b = append(b, '>')
	if ok := h.tokens(s, lang, code); ok {
		b = appendCodeHTML(b, s.toks)
	} else {
		b = append(b, `<pre class="chroma"><code>`...)
		b = appendHTMLEscaped(b, code)
		b = append(b, "</code></pre>"...)
	}
	return append(b, "</div>\n"...)
}

// tokens puts in s.toks the coalesced tokens of code in lang, from a fast
// tokeniser or chroma's lexer, or reports false when code is not to be
// highlighted.
func (h *Highlighter) tokens(s *codeScratch, lang, code string) bool {
	if lang == "" || h.plain {
		return false
	}
	l := h.lexer(lang)
	if l == nil {
		return false
	}
	var ok bool
	if s.toks, ok = appendFastTokens(s.toks[:0], &s.spans, l.Config().Name, code); ok {
		return true
	}
	it, err := l.Tokenise(nil, code)
	if err != nil {
		return false
	}
	for t := it(); t != chroma.EOF; t = it() {
		s.toks = append(s.toks, t)
	}
	return true
}

// writeInherited writes, for every token type the dark style leaves to its
// default text colour, a rule giving it that colour: otherwise the light
// style's colour for it would show through, near-black on black.
func writeInherited(b *bytes.Buffer, dark *chroma.Style) {
	text := dark.Get(chroma.Text).Colour
	if !text.IsSet() {
		return
	}
	var selectors []string
	for tt, class := range chroma.StandardTypes {
		if class == "" || tt < chroma.Keyword { // the wrappers: background, lines
			continue
		}
		if dark.Get(tt).Colour == text {
			selectors = append(selectors, ".chroma ."+class)
		}
	}
	slices.Sort(selectors)
	fmt.Fprintf(b, "%s { color: %s; }\n", strings.Join(selectors, ", "), text.String())
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
	writeInherited(&b, styles.Get(dark))
	b.WriteString("}\n")
	// Lexers mark what they cannot place (a Dockerfile's line ends, say)
	// as errors; a red box there tells the reader nothing.
	b.WriteString(".chroma .err { color: inherit; background-color: transparent; }\n")
	return b.String(), nil
}
