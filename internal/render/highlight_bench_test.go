package render

import (
	"bytes"
	"fmt"
	"testing"
)

// gencatalogBlocks are code blocks as gencatalog writes them, for an
// image called name.
func gencatalogBlocks(name string) (sh, dockerfile string) {
	sh = fmt.Sprintf("docker pull cgr.dev/chainguard/%s:latest\ndocker run --rm -it cgr.dev/chainguard/%s:latest --version\n", name, name)
	dockerfile = fmt.Sprintf("FROM cgr.dev/chainguard/%s:latest-dev AS build\nRUN apk add --no-cache ca-certificates\nCOPY . /app\nWORKDIR /app\n\nFROM cgr.dev/chainguard/%s:latest\nCOPY --from=build /app /app\nENTRYPOINT [\"/usr/bin/%s\"]\n", name, name, name)
	return sh, dockerfile
}

// BenchmarkHighlight highlights gencatalog's two blocks of an image, as a
// cold build does for every image.
func BenchmarkHighlight(b *testing.B) {
	sh, dockerfile := gencatalogBlocks("python-fips")
	h := NewHighlighter()
	for _, c := range []struct{ lang, code string }{{"sh", sh}, {"dockerfile", dockerfile}} {
		b.Run(c.lang, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				h.Write(&buf, c.lang, c.code)
			}
		})
	}
}
