package site

import (
	"bytes"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"

	"github.com/sitegen/sitegen/internal/render"
)

// newMinifier returns a minifier for the media types a site publishes. HTML
// keeps its document and end tags, so pages stay easy to read in a browser's
// source view and the dev server can find <head>.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return m
}

// themeOptions says how the theme's templates and bodies are minified:
// not at all when minifying is off.
func (b *builder) themeOptions() render.ThemeOptions {
	if !b.opts.Minify || b.minifier == nil {
		return render.ThemeOptions{}
	}
	m := b.minifier
	tmpl := &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: html.GoTemplateDelims}
	return render.ThemeOptions{
		MinifyTemplate: func(src []byte) ([]byte, error) {
			var out bytes.Buffer
			err := tmpl.Minify(m, &out, buffer.NewReader(src), nil)
			return out.Bytes(), err
		},
		MinifyPage: htmlMinifier(m),
	}
}

// htmlMinifier returns a function that minifies a page, or a part of one
// such as a Markdown body, with m. It holds m and nothing else: a parsed
// theme and a Markdown renderer outlive the builder that made them (the
// dev server keeps them from edit to edit), and a function that held the
// builder would keep every earlier catalog and plan alive through them.
func htmlMinifier(m *minify.M) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) { return appendMinifiedHTML(m, nil, data) }
}

// appendMinifiedHTML appends data, HTML minified with m, to dst.
func appendMinifiedHTML(m *minify.M, dst, data []byte) ([]byte, error) {
	out := bytes.NewBuffer(dst)
	out.Grow(len(data))
	err := m.Minify("text/html", out, buffer.NewReader(data))
	return out.Bytes(), err
}

// bodyMinifier minifies Markdown bodies, when the theme's pages are
// minified (see render.ThemeOptions), appending each to the renderer's
// reused memory. Like htmlMinifier, it holds only the minifier.
func (b *builder) bodyMinifier() func(dst, html []byte) ([]byte, error) {
	if !b.opts.Minify || b.minifier == nil {
		return nil
	}
	m := b.minifier
	return func(dst, data []byte) ([]byte, error) { return appendMinifiedHTML(m, dst, data) }
}

// pageBytes returns a page made by the templates as it is published:
// minified whole, into out, when the templates do not minify it.
func (b *builder) pageBytes(out *bytes.Buffer, page []byte) []byte {
	if b.tmpl.Minified() {
		return page
	}
	return b.minifyInto(out, "text/html", page)
}

func mediaType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	}
	return ""
}

// minify returns a copy of data minified as mediaType, or of data itself
// when minifying is off or fails (a file the minifier cannot parse is
// published as is).
func (b *builder) minify(mediaType string, data []byte) []byte {
	var out bytes.Buffer
	return bytes.Clone(b.minifyInto(&out, mediaType, data))
}

// minifyInto minifies data into out, which it resets first, and returns the
// bytes to publish: out's, or data itself when minifying is off or fails.
// The minifier reads data in place (the parser wants a spare byte of
// capacity for its terminator, which a bytes.Buffer usually has), so a
// worker that keeps its two buffers renders page after page without
// allocating either again.
func (b *builder) minifyInto(out *bytes.Buffer, mediaType string, data []byte) []byte {
	if !b.opts.Minify || b.minifier == nil {
		return data
	}
	out.Reset()
	out.Grow(len(data))
	if err := b.minifier.Minify(mediaType, out, buffer.NewReader(data)); err != nil {
		return data
	}
	return out.Bytes()
}
