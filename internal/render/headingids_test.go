package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// FuzzHeadingIDs checks headingIDs against goldmark's own table holding
// the reserved ids: the same id for every heading, in order.
func FuzzHeadingIDs(f *testing.F) {
	f.Add("Tags\nTags\nTags 1\ntags-1\nÜber\n\n-\n", "tags,tags-1,tags-3,heading")
	f.Add("Usage\nUsage\nUsage 2\n", "usage-1")
	f.Add("a\xff\x80b\nA B\na-b\n", "a-b,a-b-1,id")
	f.Fuzz(func(t *testing.T, headings, reserved string) {
		res := strings.Split(reserved, ",")
		want := parser.NewContext().IDs()
		for _, r := range res {
			want.Put([]byte(r))
		}
		got := newBodyContext(res).IDs()
		for i, h := range strings.Split(headings, "\n") {
			kind := ast.KindHeading
			if i%3 == 2 {
				kind = ast.KindParagraph
			}
			w, g := want.Generate([]byte(h), kind), got.Generate([]byte(h), kind)
			if !slices.Equal(w, g) {
				t.Fatalf("heading %d %q with %q reserved: id %q, goldmark's %q", i, h, res, g, w)
			}
		}
	})
}
