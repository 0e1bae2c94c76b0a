package render

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/catalog"
)

// FuzzMarkdown renders arbitrary Markdown under each set of options (raw
// HTML on or off, a base path, reserved ids) and checks that Render never
// panics or fails, that it is deterministic, that every link it reports is
// on a line of the body, that heading ids are unique and never reserved,
// that no <script> gets through while raw HTML is off, and that the body
// reads back from its binary form. The input.md of every golden test in
// testdata/markdown is a seed; testdata/fuzz/FuzzMarkdown holds what the
// fuzzer found.
func FuzzMarkdown(f *testing.F) {
	archives, _ := filepath.Glob("testdata/markdown/*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "input.md" {
				for opts := range uint8(4) {
					f.Add(opts, file.Data)
				}
			}
		}
	}
	hl := NewHighlighter()
	renderers := map[uint8]*Markdown{}
	for opts := range uint8(4) {
		renderers[opts] = NewMarkdown(MarkdownOptions{RawHTML: opts&1 != 0, BasePath: []string{"/", "/docs/"}[opts>>1&1], Highlighter: hl})
	}
	reserved := []string{"tags", "versions", "overview"}
	f.Fuzz(func(t *testing.T, opts uint8, body []byte) {
		opts &= 3
		md := renderers[opts]
		const firstLine = 7
		src := catalog.Source{Path: "content/images/x.md", Body: body, BodyLine: firstLine}
		got, err := md.Render(src, reserved)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		again, err := md.Render(catalog.Source{Path: src.Path, Body: bytes.Clone(body), BodyLine: firstLine}, reserved)
		if err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("Render is not deterministic:\n%#v\n%#v", got, again)
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		for _, l := range got.Links {
			if l.Line < firstLine || l.Line >= firstLine+lines {
				t.Errorf("link %q on line %d; the body is lines %d to %d", l.Dest, l.Line, firstLine, firstLine+lines-1)
			}
		}
		seen := map[string]bool{}
		for _, id := range reserved {
			seen[id] = true
		}
		for _, h := range got.Headings {
			if seen[h.ID] {
				t.Errorf("heading %q has id %q, which is reserved or taken", h.Text, h.ID)
			}
			seen[h.ID] = true
		}
		if opts&1 == 0 && strings.Contains(strings.ToLower(string(got.HTML)), "<script") {
			t.Errorf("raw HTML is off, but the output has a script:\n%s", got.HTML)
		}
		checkRoundTrip(t, got)
	})
}
