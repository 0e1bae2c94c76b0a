package content

import (
	"crypto/sha256"
	"slices"
	"testing"
)

// TestImageTableReuse: a reader decodes image after image with one field
// table; nothing of one image may leak into the next, nor change it.
func TestImageTableReuse(t *testing.T) {
	var table scratch
	decode := func(p, src string) *Image {
		t.Helper()
		sum := sha256.Sum256([]byte(src))
		doc, err := parse(p, []byte(src), &sum, &table)
		if err != nil {
			t.Fatal(err)
		}
		return doc.Image
	}
	a := decode("content/images/a.md", "---\nsummary: A\ncategories: [base]\nshell: true\ntags: [x]\nversions:\n  - version: \"1\"\n---\n")
	b := decode("content/images/b.md", "---\nsummary: B\ncategories: [fips]\nshell: false\n---\n")
	c := decode("content/images/c.md", "---\nsummary: C\ncategories: [ai]\n---\n")
	if a.Name != "a" || a.Summary != "A" || !slices.Equal(a.Categories.Values, []string{"base"}) || a.Shell == nil || !*a.Shell ||
		!slices.Equal(a.Tags, []string{"x"}) || len(a.Versions) != 1 {
		t.Errorf("first image changed by the next: %+v", a)
	}
	if b.Name != "b" || !slices.Equal(b.Categories.Values, []string{"fips"}) || b.Shell == nil || *b.Shell || b.Tags != nil || b.Versions != nil {
		t.Errorf("second image: %+v", b)
	}
	if c.Shell != nil || c.Tags != nil || c.Versions != nil || !slices.Equal(c.Categories.Values, []string{"ai"}) {
		t.Errorf("third image kept what the others had: %+v", c)
	}
}
