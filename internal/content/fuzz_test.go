package content

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// fuzzPaths are the paths FuzzParse parses its input as: one per kind.
var fuzzPaths = []string{
	"content/_index.md",
	"content/categories/base.md",
	"content/images/go.md",
	"content/guides/migrating.md",
}

// FuzzParse checks that Parse never panics, that every problem it reports
// is a *Error at the file's path with a sensible line, that the body it
// returns is the end of the file starting at BodyLine, and that it is
// deterministic. The corpus in testdata/fuzz/FuzzParse holds realistic
// files and every input that once found a bug; the golden files of
// testdata/errors are added as seeds too.
func FuzzParse(f *testing.F) {
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "errors" {
				continue
			}
			for i, p := range fuzzPaths {
				if kindOf(p) == kindOf(file.Name) {
					f.Add(uint8(i), file.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		p := fuzzPaths[int(which)%len(fuzzPaths)]
		doc, err := Parse(p, src)
		lines := bytes.Count(normalize(src), []byte("\n")) + 1
		for _, e := range List(err) {
			if e.Path != p {
				t.Fatalf("error %q has path %q; want %q", e, e.Path, p)
			}
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("error %q is on line %d of a file of %d lines", e, e.Line, lines)
			}
			if e.Msg == "" {
				t.Fatalf("error without a message at %s:%d", e.Path, e.Line)
			}
		}
		if doc == nil {
			if err == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		if doc.Path != p {
			t.Fatalf("document path %q; want %q", doc.Path, p)
		}
		if doc.Home == nil && doc.Category == nil && doc.Image == nil && doc.Page == nil {
			t.Fatalf("document of kind %d has no front matter", doc.Kind)
		}
		norm := normalize(src)
		if !bytes.HasSuffix(norm, doc.Body) {
			t.Fatalf("body %q is not the end of the file", doc.Body)
		}
		if len(doc.Body) > 0 {
			if want := bytes.Count(norm[:len(norm)-len(doc.Body)], []byte("\n")) + 1; doc.BodyLine != want {
				t.Fatalf("body line %d; the body starts on line %d", doc.BodyLine, want)
			}
		}
		doc2, err2 := Parse(p, src)
		if !reflect.DeepEqual(doc, doc2) {
			t.Fatalf("Parse is not deterministic:\n%+v\n%+v", doc, doc2)
		}
		if errString(err) != errString(err2) {
			t.Fatalf("Parse errors are not deterministic:\n%v\n%v", err, err2)
		}
	})
}

func kindOf(p string) string {
	switch {
	case p == "content/_index.md":
		return "home"
	case strings.HasPrefix(p, "content/categories/"):
		return "category"
	case strings.HasPrefix(p, "content/images/"):
		return "image"
	}
	return "page"
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
