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
		minify func(dst, html []byte) ([]byte, error)
		want   string
	}{
		"minified": {
			func(dst, b []byte) ([]byte, error) {
				return append(dst, bytes.ReplaceAll(b, []byte("\n"), nil)...), nil
			},
			strings.ReplaceAll(string(plain.HTML), "\n", ""),
		},
		"fails": {
			func(dst, _ []byte) ([]byte, error) { return append(dst, "half"...), errString("cannot") },
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

// TestMarkdownReusesNoBodysMemory checks that a body's HTML stays as it
// was rendered while the same renderer renders and minifies other bodies
// in the memory it made the first in.
func TestMarkdownReusesNoBodysMemory(t *testing.T) {
	upper := func(dst, b []byte) ([]byte, error) { return append(dst, bytes.ToUpper(b)...), nil }
	for name, minify := range map[string]func(dst, html []byte) ([]byte, error){"plain": nil, "minified": upper} {
		m := NewMarkdown(MarkdownOptions{Minify: minify})
		var bodies []Body
		for _, s := range []string{"first *one*\n", "a longer second body, **bold**\n", "3\n"} {
			b, err := m.Render(catalog.Source{Path: "content/x.md", Body: []byte(s)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, b)
		}
		want := []string{"<p>first <em>one</em></p>\n", "<p>a longer second body, <strong>bold</strong></p>\n", "<p>3</p>\n"}
		for i, b := range bodies {
			w := want[i]
			if minify != nil {
				w = strings.ToUpper(w)
			}
			if string(b.HTML) != w {
				t.Errorf("%s: body %d is %q, want %q", name, i, b.HTML, w)
			}
		}
	}
}
