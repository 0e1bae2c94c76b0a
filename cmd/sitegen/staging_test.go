package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestStagingCommitFails: when the staging folder cannot be renamed into
// place, Commit puts the old output back and leaves nothing beside it.
func TestStagingCommitFails(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "site")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "old.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := newStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(s.dir) // the rename into place fails
	if err := s.Commit(context.Background()); err == nil {
		t.Fatal("Commit of a vanished staging folder succeeded")
	}
	if b, err := os.ReadFile(filepath.Join(dest, "old.html")); err != nil || string(b) != "old" {
		t.Errorf("the old output is not back: %q, %v", b, err)
	}
	if list, _ := os.ReadDir(parent); len(list) != 1 {
		t.Errorf("beside the output: %v, want only site", list)
	}
}

// TestStagingWriteOutside: a name that would leave the staging folder is
// refused.
func TestStagingWriteOutside(t *testing.T) {
	s, err := newStaging(filepath.Join(t.TempDir(), "site"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for _, name := range []string{"../escape.html", "../../escape.html"} {
		if err := s.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}
