// Package golden runs golden tests kept in txtar archives, for the tests of
// the other packages. A test computes named outputs from an archive's input
// files; each output is compared with the archive's section of the same
// name, and `go test -update` rewrites those sections instead.
//
// Outputs end in a newline, as txtar sections do: one that does not gets
// one before it is compared.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Run runs check on every archive that glob matches, each as a subtest
// named after its file. check returns its outputs by section name. Every
// output that the archive has a section for is compared with it; a name in
// required that the archive lacks is compared with an empty section (and
// added by -update).
func Run(t *testing.T, glob string, required []string, check func(t *testing.T, ar *txtar.Archive) map[string]string) {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files match %s: %v", glob, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range required {
				if Section(ar, name) < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: name})
				}
			}
			got := check(t, ar)
			if compare(t, ar, got) && *update {
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// compare checks every section that has an output, rewriting it under
// -update. It reports whether a section changed.
func compare(t *testing.T, ar *txtar.Archive, got map[string]string) bool {
	t.Helper()
	changed := false
	for i, f := range ar.Files {
		g, ok := got[f.Name]
		if !ok {
			continue
		}
		if g != "" && !strings.HasSuffix(g, "\n") {
			g += "\n"
		}
		if g == string(f.Data) {
			continue
		}
		if *update {
			ar.Files[i].Data = []byte(g)
			changed = true
			continue
		}
		t.Errorf("%s differs (go test -update rewrites it)\n--- got ---\n%s--- want ---\n%s", f.Name, g, f.Data)
	}
	return changed
}

// Section returns the index of the archive's section called name, or -1.
func Section(ar *txtar.Archive, name string) int {
	for i, f := range ar.Files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// ErrorLines writes every problem in errs on a line of its own, as a build
// reports them, marking with "NO PATH: " any that does not name its file.
func ErrorLines(errs ...error) string {
	var b strings.Builder
	for _, err := range errs {
		for _, e := range content.List(err) {
			if e.Path == "" {
				b.WriteString("NO PATH: ")
			}
			b.WriteString(e.Error())
			b.WriteByte('\n')
		}
	}
	return b.String()
}
