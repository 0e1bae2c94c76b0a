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

// minify returns data minified as mediaType, or data itself when minifying
// is off or fails (a file the minifier cannot parse is published as is).
func (b *builder) minify(mediaType string, data []byte) []byte {
	if !b.opts.Minify || b.minifier == nil {
		return bytes.Clone(data)
	}
	var out bytes.Buffer
	out.Grow(len(data))
	if err := b.minifier.Minify(mediaType, &out, bytes.NewReader(data)); err != nil {
		return bytes.Clone(data)
	}
	return out.Bytes()
}
