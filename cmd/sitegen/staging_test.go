package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
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

// TestStagingWritesNestedFolders: files deep in folders, written from many
// goroutines at once with folders in common (each folder is made once and
// remembered), all land; a folder in the way of a file is an error.
func TestStagingWritesNestedFolders(t *testing.T) {
	s, err := newStaging(filepath.Join(t.TempDir(), "site"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard(context.Background())
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("images/img%d/index.html", i%10), fmt.Sprintf("images/img%d/eol.ics", i%10),
			fmt.Sprintf("a/b/c%d/d/e.html", i%3), "top.html")
	}
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			if err := s.Write(name, []byte(name)); err != nil {
				t.Errorf("Write(%q): %v", name, err)
			}
		})
	}
	wg.Wait()
	for _, name := range names {
		if b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name))); err != nil || string(b) != name {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
	if err := s.Write("top.html/x.html", []byte("x")); err == nil {
		t.Error("a file under a file was written")
	}
}

// TestStagingReportsFolderItCannotMake: when a folder of the output cannot
// be made (a file of the site is where the folder's parent goes), the
// error, which the build prints after the page's name ("cannot write the
// output file: ..."), names that folder and what went wrong, and every
// later file in it fails the same way: the failure is not taken for a
// folder made. (The tests run as root: a folder without write permission
// would not make mkdir fail.)
func TestStagingReportsFolderItCannotMake(t *testing.T) {
	s, err := newStaging(filepath.Join(t.TempDir(), "site"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard(context.Background())
	if err := s.Write("guides", []byte("a file named like a folder")); err != nil {
		t.Fatal(err)
	}
	want := "mkdir " + filepath.Join(s.dir, "guides", "setup") + ": not a directory"
	for _, name := range []string{"guides/setup/index.html", "guides/setup/step.html"} {
		err := s.Write(name, []byte("x"))
		if err == nil || err.Error() != want {
			t.Errorf("Write(%q): %v, want %q", name, err, want)
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
