package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// waitFor returns how long after the call a batch came, and the batch.
// Timers never fire early, so these durations are lower bounds a loaded
// machine only lengthens.
func waitFor(t *testing.T, w *Watcher, write func()) (Batch, time.Duration) {
	t.Helper()
	start := time.Now()
	write()
	b := next(t, w)
	return b, time.Since(start)
}

// TestQuietWindowIsWaited checks that a batch is not sent before the quiet
// window has passed since the last event: a long window is waited whole.
func TestQuietWindowIsWaited(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	const long = 300 * time.Millisecond
	w, err := New(Options{Root: root, Dirs: []string{"content"}, Quiet: long})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b, after := waitFor(t, w, func() { write(t, root, "content/a.md", "a") })
	want(t, b, "content/a.md")
	if after < long {
		t.Errorf("batch after %v, before the quiet window of %v", after, long)
	}
}

// TestZeroOptionsMeanDefaults checks that zero Quiet and MaxDelay mean 20 ms
// and 1 s, not "send at once": a batch comes no sooner than 20 ms after
// its event.
func TestZeroOptionsMeanDefaults(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	w, err := New(Options{Root: root, Dirs: []string{"content"}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.quiet != 20*time.Millisecond || w.maxWait != time.Second {
		t.Errorf("quiet %v, max delay %v; want 20ms and 1s", w.quiet, w.maxWait)
	}
	b, after := waitFor(t, w, func() { write(t, root, "content/a.md", "a") })
	want(t, b, "content/a.md")
	if after < 20*time.Millisecond {
		t.Errorf("batch after %v, before the default quiet window of 20ms", after)
	}
}

// TestNewFolderSkipsIgnoredInside checks that a folder moved in whole is
// reported with its files but without the side files and hidden folders
// in it, and that a hidden folder in it is not watched.
func TestNewFolderSkipsIgnoredInside(t *testing.T) {
	t.Parallel()
	root, w := start(t)
	outside := t.TempDir()
	write(t, outside, "guides/a.md", "a")
	write(t, outside, "guides/.a.md.swp", "swap")
	write(t, outside, "guides/a.md~", "backup")
	write(t, outside, "guides/.git/HEAD", "ref")
	write(t, outside, "guides/deep/b.md", "b")
	if err := os.Rename(filepath.Join(outside, "guides"), filepath.Join(root, "content/guides")); err != nil {
		t.Fatal(err)
	}
	want(t, next(t, w), "content/guides/a.md", "content/guides/deep/b.md")
	write(t, root, "content/guides/.git/index", "x")
	none(t, w)
}
