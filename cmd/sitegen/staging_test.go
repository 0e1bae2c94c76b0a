package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
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
	defer s.Discard(context.Background())
	for _, name := range []string{"../escape.html", "../../escape.html"} {
		if err := s.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}

// TestRemoveTree removes a tree of files and folders two levels deep and
// more, with more workers than one (GOMAXPROCS 4), in bounded time.
func TestRemoveTree(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	dir := filepath.Join(t.TempDir(), "old")
	for _, name := range []string{"index.html", "a/index.html", "a/b/c/index.html", "d/e.css", "f/g/h.js"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- removeTree(context.Background(), dir) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("removeTree did not finish in 10 s")
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", dir, err)
	}
}
