package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const quiet = 40 * time.Millisecond

// start makes a site folder with content/ and static/ (no templates/) and
// watches all three.
func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content/images", "static/css"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, root, "content/images/go.md", "old")
	w, err := New(Options{Root: root, Dirs: []string{"content", "templates", "static"}, Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for one batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case err := <-w.Errors():
		t.Fatalf("watch error: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return nil
}

// none checks that no batch comes for a while.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %q", b)
	case <-time.After(6 * quiet):
	}
}

func want(t *testing.T, got Batch, paths ...string) {
	t.Helper()
	if !slices.Equal(got, Batch(paths)) {
		t.Fatalf("batch = %q, want %q", got, paths)
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	for range 5 {
		write(t, root, "content/images/go.md", "new")
		write(t, root, "static/css/site.css", "body{}")
	}
	want(t, next(t, w), "content/images/go.md", "static/css/site.css")
	none(t, w)
}

func TestEditorSave(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	// vim: write a backup, probe with 4913, write a swap file, replace the file.
	write(t, root, "content/images/4913", "")
	os.Remove(filepath.Join(root, "content/images/4913"))
	write(t, root, "content/images/.go.md.swp", "swap")
	write(t, root, "content/images/go.md~", "old")
	write(t, root, "content/images/go.md.tmp", "new")
	if err := os.Rename(filepath.Join(root, "content/images/go.md.tmp"), filepath.Join(root, "content/images/go.md")); err != nil {
		t.Fatal(err)
	}
	want(t, next(t, w), "content/images/go.md")
}

func TestIgnoresTempFiles(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	for _, name := range []string{
		"a.swp", "a.swx", "a.swo", "a~", "4913", "#a.md#", ".#a.md", "a.md___jb_tmp___",
		"a.md___jb_old___", "sedX9fQ2a", "Ab3dE9xQ", ".goutputstream-XYZ", ".DS_Store", ".hidden.md",
	} {
		write(t, root, "content/"+name, "x")
	}
	none(t, w)
}

// TestSaveByRename checks that the tools that save by writing a temp file
// and renaming it over the original are seen as a change of the original
// alone: sed -i, perl -pi, JetBrains' safe write.
func TestSaveByRename(t *testing.T) {
	t.Parallel()
	for _, tmp := range []string{"sedAb12Cd", "q7XwP2mZ", "go.md___jb_tmp___"} {
		t.Run(tmp, func(t *testing.T) {
			t.Parallel()
			root, w := start(t)
			write(t, root, "content/images/"+tmp, "new")
			if tmp == "go.md___jb_tmp___" {
				if err := os.Rename(filepath.Join(root, "content/images/go.md"), filepath.Join(root, "content/images/go.md___jb_old___")); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Rename(filepath.Join(root, "content/images/"+tmp), filepath.Join(root, "content/images/go.md")); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(root, "content/images/go.md___jb_old___"))
			want(t, next(t, w), "content/images/go.md")
			none(t, w)
		})
	}
}

func TestIgnoresChmod(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	if err := os.Chmod(filepath.Join(root, "content/images/go.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	none(t, w)
}

func TestIgnoresOtherRootFiles(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	write(t, root, "public/index.html", "x")
	write(t, root, "notes.txt", "x")
	none(t, w)
}

func TestNewFoldersAreWatched(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	write(t, root, "content/guides/deep/a.md", "a")
	want(t, next(t, w), "content/guides/deep/a.md")
	write(t, root, "content/guides/deep/b.md", "b")
	want(t, next(t, w), "content/guides/deep/b.md")
}

func TestFolderCreatedAtRootLater(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	write(t, root, "templates/partials/head.html", "<title>")
	want(t, next(t, w), "templates/partials/head.html")
	write(t, root, "templates/image.html", "x")
	want(t, next(t, w), "templates/image.html")
}

func TestRemove(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	if err := os.Remove(filepath.Join(root, "content/images/go.md")); err != nil {
		t.Fatal(err)
	}
	want(t, next(t, w), "content/images/go.md")
}

func TestSlowReceiverMissesNothing(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	write(t, root, "content/a.md", "a")
	time.Sleep(4 * quiet) // the first batch is ready but not taken
	write(t, root, "content/b.md", "b")
	time.Sleep(4 * quiet) // b joins the waiting batch
	want(t, next(t, w), "content/a.md", "content/b.md")
}

func TestSteadyStreamStillYieldsBatches(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w, err := New(Options{Root: root, Dirs: []string{"content"}, Quiet: 50 * time.Millisecond, MaxDelay: 150 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	stop := time.After(2 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			write(t, root, "content/a.md", "x")
		case <-w.Batches():
			return
		case <-stop:
			t.Fatal("no batch while events kept coming")
		}
	}
}

func TestCloseClosesBatches(t *testing.T) {
	t.Parallel()
	_, w := start(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Batches(); ok {
		t.Fatal("Batches still open after Close")
	}
	w.Close() // twice is fine
}
