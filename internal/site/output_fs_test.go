package site_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/site"
)

// TestOutputIsAnFS checks the in-memory output against the fs.FS
// contract (testing/fstest): files, folders, ReadDir in parts and whole,
// and a name that does not exist.
func TestOutputIsAnFS(t *testing.T) {
	res, err := site.Build(smallSite(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(res.Output, "index.html", "guides/migrating/index.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := res.Output.Open("no/such/file.html"); err == nil {
		t.Error("opening a name that does not exist succeeded")
	}
	// ReadDir(0), like ReadDir(-1), returns every entry (io/fs).
	f, err := res.Output.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	all, err := fs.ReadDir(res.Output, ".")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.(fs.ReadDirFile).ReadDir(0); err != nil || len(got) != len(all) {
		t.Errorf("ReadDir(0) = %d entries (%v), want all %d", len(got), err, len(all))
	}
}

// TestStatsWithoutCache checks that a build that took nothing from the
// cache says nothing about it.
func TestStatsWithoutCache(t *testing.T) {
	if s := (site.Stats{}).String(); strings.Contains(s, "cache") {
		t.Errorf("Stats{}.String() = %q", s)
	}
}
