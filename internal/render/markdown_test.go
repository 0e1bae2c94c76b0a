package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestMarkdown renders testdata/markdown/*.txtar: "input.md" through the
// options in "options" (base=/docs/, raw, reserved=a,b), and compares with
// "html", "links" and "headings".
func TestMarkdown(t *testing.T) {
	files, _ := filepath.Glob("testdata/markdown/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	hl := NewHighlighter()
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
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
			got := map[string]string{"html": string(body.HTML)}
			var links, heads strings.Builder
			for _, l := range body.Links {
				fmt.Fprintf(&links, "%d %s\n", l.Line, l.Dest)
			}
			for _, h := range body.Headings {
				fmt.Fprintf(&heads, "h%d #%s %s\n", h.Level, h.ID, h.Text)
			}
			got["links"], got["headings"] = links.String(), heads.String()
			changed := false
			for i, f := range ar.Files {
				g, ok := got[f.Name]
				if !ok {
					continue
				}
				if g != string(f.Data) {
					if *update {
						ar.Files[i].Data = []byte(g)
						changed = true
						continue
					}
					t.Errorf("%s differs:\n--- got ---\n%s--- want ---\n%s", f.Name, g, f.Data)
				}
			}
			if changed {
				os.WriteFile(file, txtar.Format(ar), 0o644)
			}
		})
	}
}
