// Package render turns the catalog into HTML: Markdown bodies through
// goldmark (GitHub Flavored Markdown, heading IDs with anchor links, code
// highlighted by chroma with CSS classes), and pages through html/template.
//
// Markdown rules:
//   - Raw HTML is dropped unless the site turns it on (rawHTML: true).
//   - Headings get GitHub-style IDs and a "#" anchor link.
//   - A link or image whose destination starts with a single "/" is a site
//     link: it is rewritten under the site's base path and reported, with
//     its line, so the build can check that it resolves. Links to "#id" on
//     the same page are reported too.
//   - Fenced code with a language chroma knows is highlighted at build time;
//     other code is escaped as is. Both are wrapped in
//     <div class="highlight" data-lang="...">. Shell, console sessions and
//     Dockerfiles are tokenised by hand-written lexers that give chroma's
//     tokens exactly (fastlex.go), the rest by chroma's own.
package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// Markdown renders Markdown bodies. It is safe for concurrent use.
type Markdown struct {
	md       goldmark.Markdown
	linksKey parser.ContextKey
	rawHTML  bool   // for Key
	base     string // for Key
	minify   func(dst, html []byte) ([]byte, error)
	// spare holds the *scratch a body was rendered and minified in: a
	// Body's HTML is a string, a copy, so the next body renders into the
	// same memory (at 10,000 images the two were 80 MB of what a build
	// allocated).
	spare sync.Pool
}

// scratch is the memory one body is made in: out, which goldmark renders
// into, and min, which the minifier appends to.
type scratch struct {
	out bytes.Buffer
	min []byte
}

// bufferWriter is the util.BufWriter goldmark writes a body through: the
// bytes.Buffer itself, with nothing to flush, where goldmark would wrap
// any other writer in a bufio.Writer of its own (4 KiB a body).
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

// MarkdownOptions configure a Markdown renderer.
type MarkdownOptions struct {
	RawHTML     bool         // pass raw HTML through
	BasePath    string       // the site's base path, "/" or "/docs/"
	Highlighter *Highlighter // highlights fenced code
	// Minify, if set, minifies each body's HTML (see ThemeOptions),
	// appending it to dst; a body it fails on is kept as rendered. Neither
	// html nor what it returns is kept: both are reused for the next body.
	Minify func(dst, html []byte) ([]byte, error)
}

// Link is a site link found in a body.
type Link struct {
	Dest string // as written, e.g. "/images/go/#getting-started"
	Line int    // line in the source file
}

// Heading is a heading of a body, for a table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Body is a rendered Markdown body.
type Body struct {
	HTML     template.HTML
	Headings []Heading
	Links    []Link
}

// linksKey is where the link transformer leaves a body's site links in
// goldmark's parser context. goldmark numbers context keys with a counter
// that parsing reads and NewContextKey writes, unguarded: the key is made
// once, when the program starts, so that a renderer made while another
// parses (the dev server makes one for each edit) races with nothing.
var linksKey = parser.NewContextKey()

// NewMarkdown returns a renderer configured by opts.
func NewMarkdown(opts MarkdownOptions) *Markdown {
	base := opts.BasePath
	if base == "" {
		base = "/"
	}
	m := &Markdown{linksKey: linksKey, rawHTML: opts.RawHTML, base: base, minify: opts.Minify}
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(&codeRenderer{hl: opts.Highlighter}, 100),
			util.Prioritized(headingRenderer{}, 100),
		),
	}
	if opts.RawHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	m.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&linkTransformer{base: base, key: m.linksKey}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return m
}

// Render renders one body. Headings never take an id in reserved (the ids
// the page's template writes): a heading "Tags" on a page that has its own
// id="tags" becomes "tags-1". Problems come back as errors at the body's
// file and line.
func (m *Markdown) Render(src catalog.Source, reserved []string) (Body, error) {
	var out Body
	if len(bytes.TrimSpace(src.Body)) == 0 {
		return out, nil
	}
	pc := newBodyContext(reserved)
	reader := text.NewReader(src.Body)
	doc := m.md.Parser().Parse(reader, parser.WithContext(pc))
	out.Headings = headings(doc, src.Body)
	if v, ok := pc.Get(m.linksKey).([]rawLink); ok {
		lines := lineStarts(src.Body)
		for _, l := range v {
			out.Links = append(out.Links, Link{Dest: l.dest, Line: src.BodyLine + lineOf(lines, l.offset)})
		}
	}
	sc, _ := m.spare.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer m.keepSpare(sc)
	buf := &sc.out
	buf.Reset()
	buf.Grow(len(src.Body) * 2)
	if err := m.md.Renderer().Render(bufferWriter{buf}, src.Body, doc); err != nil {
		return out, content.Errorf(src.Path, src.BodyLine, "cannot render Markdown: %v", err)
	}
	rendered := buf.Bytes()
	if m.minify != nil {
		if min, err := m.minify(sc.min[:0], rendered); err == nil {
			rendered, sc.min = min, min
		}
	}
	out.HTML = template.HTML(rendered) // a copy: sc is the next body's
	return out, nil
}

// keepSpare keeps sc for the next body, unless a long body grew it past
// what bodies usually take.
func (m *Markdown) keepSpare(sc *scratch) {
	if sc.out.Cap() <= 1<<20 && cap(sc.min) <= 1<<20 {
		m.spare.Put(sc)
	}
}

// bodyContext is goldmark's parser context for one body, with ids that
// are never one of reserved.
type bodyContext struct {
	parser.Context
	ids headingIDs
}

func newBodyContext(reserved []string) *bodyContext {
	pc := parser.NewContext()
	return &bodyContext{Context: pc, ids: headingIDs{IDs: pc.IDs(), reserved: reserved}}
}

func (c *bodyContext) IDs() parser.IDs { return &c.ids }

// headingIDs are goldmark's heading ids (GitHub's rules: a number added
// to an id already taken) where the ids in reserved count as taken. They
// are not put into goldmark's table for each body (a map grown anew for
// every page): an id goldmark makes that is reserved is asked again, and
// goldmark, which took it, then adds the next free number, the id it
// gives when it holds the reserved ids itself.
type headingIDs struct {
	parser.IDs
	reserved []string
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	for {
		id := h.IDs.Generate(value, kind)
		if !h.isReserved(id) {
			return id
		}
	}
}

func (h *headingIDs) isReserved(id []byte) bool {
	for _, r := range h.reserved {
		if r == string(id) {
			return true
		}
	}
	return false
}

type rawLink struct {
	dest   string
	offset int
}

// linkTransformer rewrites site links under the base path and records them.
type linkTransformer struct {
	base string
	key  parser.ContextKey
}

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var links []rawLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		d := string(*dest)
		if strings.HasPrefix(d, "#") && len(d) > 1 {
			links = append(links, rawLink{dest: d, offset: nodeOffset(n)})
			return ast.WalkContinue, nil
		}
		if !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") {
			return ast.WalkContinue, nil
		}
		links = append(links, rawLink{dest: d, offset: nodeOffset(n)})
		*dest = []byte(t.base + strings.TrimPrefix(d, "/"))
		return ast.WalkContinue, nil
	})
	if links != nil {
		pc.Set(t.key, links)
	}
}

// nodeOffset finds the source offset of an inline node from its first text.
func nodeOffset(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 0-based line of offset.
func lineOf(starts []int, offset int) int {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

func headings(doc ast.Node, src []byte) []Heading {
	var hs []Heading
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.Heading)
		if !ok {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		hs = append(hs, Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
	}
	return hs
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingRenderer writes headings with their ID and an anchor link.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	level := strconv.Itoa(h.Level)
	id, _ := h.AttributeString("id")
	idb, _ := id.([]byte)
	if entering {
		w.WriteString("<h" + level)
		if len(idb) > 0 {
			w.WriteString(` id="`)
			w.Write(util.EscapeHTML(idb))
			w.WriteString(`"`)
		}
		w.WriteString(">")
		return ast.WalkContinue, nil
	}
	if len(idb) > 0 {
		w.WriteString(` <a class="anchor" href="#`)
		w.Write(util.EscapeHTML(idb))
		w.WriteString(`"><span class="visually-hidden">Link to this section</span><span aria-hidden="true">#</span></a>`)
	}
	w.WriteString("</h" + level + ">\n")
	return ast.WalkContinue, nil
}

// codeRenderer writes fenced and indented code through the highlighter.
type codeRenderer struct {
	hl *Highlighter
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(src))
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	r.hl.Write(w, lang, code.String())
	return ast.WalkSkipChildren, nil
}

// PlainText returns the words of a Markdown body without its markup, for
// a search index: the text of every paragraph, heading, list item, table
// cell and inline code span, blocks separated by newlines. Fenced and
// indented code and raw HTML are left out. It reads at most max bytes of
// text (whole characters) and stops there.
func (m *Markdown) PlainText(body []byte, max int) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	doc := m.md.Parser().Parse(text.NewReader(body))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b.Len() >= max {
			return ast.WalkStop, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.HasChildren() && n.FirstChild().Type() == ast.TypeInline {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(plainText(n, body))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	s := b.String()
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "")
	}
	return s
}
