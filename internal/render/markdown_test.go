package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/golden"
)

func TestMarkdown(t *testing.T) {
	hl := NewHighlighter()
	golden.Run(t, "testdata/markdown/*.txtar", nil, func(t *testing.T, ar *txtar.Archive) map[string]string {
		sections := map[string]string{}
		for _, f := range ar.Files {
			sections[f.Name] = string(f.Data)
		}
		opts := MarkdownOptions{Highlighter: hl}
		var reserved []string
		for _, o := range strings.Fields(sections["options"]) {
			k, v, _ := strings.Cut(o, "=")
			switch k {
			case "base":
				opts.BasePath = v
			case "raw":
				opts.RawHTML = true
			case "reserved":
				reserved = strings.Split(v, ",")
			default:
				t.Fatalf("unknown option %q", o)
			}
		}
		body, err := NewMarkdown(opts).Render(catalog.Source{Path: "content/x.md", Body: []byte(sections["input.md"]), BodyLine: 5}, reserved)
		if err != nil {
			t.Fatal(err)
		}
		checkRoundTrip(t, body)
		var links, heads strings.Builder
		for _, l := range body.Links {
			fmt.Fprintf(&links, "%d %s\n", l.Line, l.Dest)
		}
		for _, h := range body.Headings {
			fmt.Fprintf(&heads, "h%d #%s %s\n", h.Level, h.ID, h.Text)
		}
		return map[string]string{"html": string(body.HTML), "links": links.String(), "headings": heads.String()}
	})
}

// TestLinkLineAtEnd checks the line of links on the last line of a body
// that does not end in a newline, as a file's last line may not.
func TestLinkLineAtEnd(t *testing.T) {
	for body, want := range map[string]int{
		"[x](/a/)":            5,
		"a\n\n[x](/a/)":       7,
		"a\nb\nc\n[x](/a/)":   8,
		"a\nb\nc\nd [x](/a/)": 8,
	} {
		got, err := NewMarkdown(MarkdownOptions{}).Render(catalog.Source{Path: "content/x.md", Body: []byte(body), BodyLine: 5}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Links) != 1 || got.Links[0].Line != want {
			t.Errorf("%q: links %v, want /a/ at line %d", body, got.Links, want)
		}
	}
}

// TestMarkdownMinify checks MarkdownOptions.Minify: a body is the
// rendered HTML as the function minifies it, or as rendered when the
// function fails on it.
func TestMarkdownMinify(t *testing.T) {
	src := catalog.Source{Path: "content/x.md", Body: []byte("## A\n\nSome *text*.\n"), BodyLine: 5}
	plain, err := NewMarkdown(MarkdownOptions{}).Render(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		minify func([]byte) ([]byte, error)
		want   string
	}{
		"minified": {
			func(b []byte) ([]byte, error) { return bytes.ReplaceAll(b, []byte("\n"), nil), nil },
			strings.ReplaceAll(string(plain.HTML), "\n", ""),
		},
		"fails": {
			func([]byte) ([]byte, error) { return []byte("half"), errString("cannot") },
			string(plain.HTML),
		},
	} {
		got, err := NewMarkdown(MarkdownOptions{Minify: tt.minify}).Render(src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.HTML) != tt.want {
			t.Errorf("%s: %q, want %q", name, got.HTML, tt.want)
		}
	}
	if !strings.Contains(string(plain.HTML), "</h2>\n") {
		t.Errorf("rendered %q: no line break for the minifier to take out", plain.HTML)
	}
}
