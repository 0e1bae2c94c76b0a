package content_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestErrorsGolden loads each testdata/errors/*.txtar archive as a site:
// every file but the "errors" section is a source file, and "errors" holds
// what Load reports, one error a line. go test -update rewrites it.
func TestErrorsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var want *txtar.File
			for i, f := range ar.Files {
				if f.Name == "errors" {
					want = &ar.Files[i]
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			_, err = content.Load(fsys)
			got := formatErrors(err)
			if want == nil {
				ar.Files = append(ar.Files, txtar.File{Name: "errors"})
				want = &ar.Files[len(ar.Files)-1]
			}
			if *update {
				want.Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("Load errors differ (go test -update rewrites them)\ngot:\n%s\nwant:\n%s", got, want.Data)
			}
		})
	}
}

// formatErrors writes every error of err on a line of its own, checking
// on the way that each is a *content.Error with a path.
func formatErrors(err error) []byte {
	var b bytes.Buffer
	for _, e := range content.List(err) {
		if e.Path == "" {
			b.WriteString("NO PATH: ")
		}
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.Bytes()
}
