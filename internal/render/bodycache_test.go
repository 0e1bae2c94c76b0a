package render

import (
	"reflect"
	"testing"

	"github.com/sitegen/sitegen/internal/catalog"
)

// checkRoundTrip checks that body reads back from its binary form as it
// was, and that every shorter prefix of that form is refused.
func checkRoundTrip(t *testing.T, body Body) {
	t.Helper()
	data, err := body.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got Body
	if err := got.UnmarshalBinary(data); err != nil {
		t.Fatalf("UnmarshalBinary: %v", err)
	}
	if !reflect.DeepEqual(got, body) {
		t.Errorf("read back\n%#v\nwant\n%#v", got, body)
	}
	for n := range len(data) {
		var b Body
		if err := b.UnmarshalBinary(data[:n]); err == nil {
			t.Fatalf("UnmarshalBinary of the first %d of %d bytes: no error", n, len(data))
		}
	}
	var b Body
	if err := b.UnmarshalBinary(append(data, 0)); err == nil {
		t.Fatal("UnmarshalBinary with a byte left over: no error")
	}
}

func TestBodyRoundTrip(t *testing.T) {
	checkRoundTrip(t, Body{})
	checkRoundTrip(t, Body{
		HTML:     "<h2 id=\"a\">A</h2>\n",
		Headings: []Heading{{Level: 2, ID: "a", Text: "A"}, {Level: 3, ID: "b-1", Text: "B & c"}},
		Links:    []Link{{Dest: "/images/go/#x", Line: 12}, {Dest: "#a", Line: -1}},
	})
}

// TestKey checks that the key changes with each thing Render depends on,
// and only with those.
func TestKey(t *testing.T) {
	src := catalog.Source{Path: "content/images/go.md", Body: []byte("# Go\n\nSee [x](/x/).\n"), BodyLine: 6}
	reserved := []string{"tags", "versions"}
	plain := NewMarkdown(MarkdownOptions{})
	base := plain.Key(src, reserved)
	if k := NewMarkdown(MarkdownOptions{BasePath: "/", Highlighter: NewCachingHighlighter()}).Key(src, reserved); k != base {
		t.Error("the same options and input give another key")
	}
	if plain.Key(src, []string{"versions", "tags", "tags"}) != base {
		t.Error("the reserved ids in another order give another key")
	}
	cases := map[string][32]byte{
		"raw HTML":      NewMarkdown(MarkdownOptions{RawHTML: true}).Key(src, reserved),
		"base path":     NewMarkdown(MarkdownOptions{BasePath: "/docs/"}).Key(src, reserved),
		"minify":        NewMarkdown(MarkdownOptions{Minify: func(dst, b []byte) ([]byte, error) { return append(dst, b...), nil }}).Key(src, reserved),
		"path":          plain.Key(catalog.Source{Path: "content/images/go2.md", Body: src.Body, BodyLine: 6}, reserved),
		"body line":     plain.Key(catalog.Source{Path: src.Path, Body: src.Body, BodyLine: 7}, reserved),
		"body":          plain.Key(catalog.Source{Path: src.Path, Body: []byte("# Go\n\nSee [x](/y/).\n"), BodyLine: 6}, reserved),
		"reserved":      plain.Key(src, []string{"tags"}),
		"reserved join": plain.Key(src, []string{"tagsversions"}),
		"no reserved":   plain.Key(src, nil),
	}
	seen := map[[32]byte]string{base: "the original"}
	for name, k := range cases {
		if was, ok := seen[k]; ok {
			t.Errorf("changing the %s gives the key of %s", name, was)
		}
		seen[k] = "changing the " + name
	}
}
