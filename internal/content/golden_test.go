package content_test

import (
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/golden"
)

// TestErrorsGolden loads each testdata/errors/*.txtar archive as a site:
// every file but the "errors" section is a source file, and "errors" holds
// what Load reports, one error a line. go test -update rewrites it.
func TestErrorsGolden(t *testing.T) {
	golden.Run(t, "testdata/errors/*.txtar", []string{"errors"}, func(t *testing.T, ar *txtar.Archive) map[string]string {
		fsys := fstest.MapFS{}
		for _, f := range ar.Files {
			if f.Name != "errors" {
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
		}
		_, err := content.Load(fsys)
		return map[string]string{"errors": golden.ErrorLines(err)}
	})
}
