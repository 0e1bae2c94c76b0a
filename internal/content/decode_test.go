package content

import (
	"crypto/sha256"
	"fmt"
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

// TestFieldsBeyondStack: a kind of file with more keys than the decoder's
// stack table holds (maxFields) is decoded like any other: every key
// taken, a key given twice and a missing required key reported, nothing
// lost past the table (a table cut to maxFields panicked at key 33).
func TestFieldsBeyondStack(t *testing.T) {
	n := maxFields + 8
	got := make([]string, n)
	fields := make([]field, n)
	root := &node{line: 1, kind: mapNode}
	for i := range n {
		key := fmt.Sprintf("k%d", i)
		fields[i] = strField(key, i == n-1, &got[i])
		if i < n-1 {
			root.keys = append(root.keys, &node{line: 2 + i, value: key})
			root.vals = append(root.vals, &node{line: 2 + i, tag: "str", value: "v" + key})
		}
	}
	last := fmt.Sprintf("k%d", n-2)
	root.keys = append(root.keys, &node{line: n + 1, value: last})
	root.vals = append(root.vals, &node{line: n + 1, tag: "str", value: "again"})
	var errs Errors
	d := decoder{path: "content/x.md", errs: &errs}
	d.fields(root, fields, "a test")
	for i := range n - 1 {
		if want := fmt.Sprintf("vk%d", i); got[i] != want {
			t.Errorf("key k%d: got %q, want %q", i, got[i], want)
		}
	}
	want := fmt.Sprintf("content/x.md:1: missing required key %q: a test needs a text value\n"+
		"content/x.md:%d: key %q is given twice; keep one", fmt.Sprintf("k%d", n-1), n+1, last)
	if err := errs.Err(); err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant\n%s", err, want)
	}
}
