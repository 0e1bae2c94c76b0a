package site_test

import (
	"bytes"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/site"
)

// TestGenerationMatchesBuild checks that a Generation makes every file
// Build makes, byte for byte, and no other.
func TestGenerationMatchesBuild(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	g := site.Open(opts, site.NewStore(1<<20))
	if err := g.Check(nil); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if got, want := g.Names(), res.Output.Names(); !equalStrings(got, want) {
		t.Fatalf("Names() = %q\nBuild made %q", got, want)
	}
	for _, name := range g.Names() {
		got, err := g.File(name)
		if err != nil {
			t.Fatalf("File(%s): %v", name, err)
		}
		want, _ := res.Output.File(name)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from Build's:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
