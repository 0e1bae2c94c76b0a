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
	if w.quiet != 20*time.Millisecond || w.maxWait != time.Second || w.settled != 3*time.Millisecond {
		t.Errorf("quiet %v, max delay %v, settled %v; want 20ms, 1s and 3ms", w.quiet, w.maxWait, w.settled)
	}
	b, after := waitFor(t, w, func() { write(t, root, "content/a.md", "a") })
	want(t, b, "content/a.md")
	if after < 20*time.Millisecond {
		t.Errorf("batch after %v, before the default quiet window of 20ms", after)
	}
}

// TestSettledOption checks that a Settled given is kept, and never longer
// than the quiet window.
func TestSettledOption(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	for _, c := range []struct{ quiet, settled, want time.Duration }{
		{20 * time.Millisecond, time.Millisecond, time.Millisecond},
		{20 * time.Millisecond, 50 * time.Millisecond, 20 * time.Millisecond},
		{2 * time.Millisecond, 0, 2 * time.Millisecond},
	} {
		w, err := New(Options{Root: root, Dirs: []string{"content"}, Quiet: c.quiet, Settled: c.settled})
		if err != nil {
			t.Fatal(err)
		}
		if w.settled != c.want {
			t.Errorf("Quiet %v, Settled %v: settled %v; want %v", c.quiet, c.settled, w.settled, c.want)
		}
		w.Close()
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

// TestRenameOntoIsSentSoon checks that a save that renames a temp file
// onto its name (sed -i) is sent after the short Settled window, not the
// whole quiet window, and that Stirred tells of it first.
func TestRenameOntoIsSentSoon(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	write(t, root, "content/a.md", "a")
	const long = 2 * time.Second
	// MaxDelay past the quiet window, so that only Settled can send it soon.
	w, err := New(Options{Root: root, Dirs: []string{"content"}, Quiet: long, Settled: time.Millisecond, MaxDelay: 2 * long})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b, after := waitFor(t, w, func() {
		write(t, root, "content/sedAb12Cd", "new a")
		if err := os.Rename(filepath.Join(root, "content/sedAb12Cd"), filepath.Join(root, "content/a.md")); err != nil {
			t.Fatal(err)
		}
	})
	want(t, b, "content/a.md")
	if after >= long {
		t.Errorf("a rename onto a.md was sent after %v, the whole quiet window", after)
	}
	select {
	case <-w.Stirred():
	default:
		t.Error("Stirred had no value after a batch came")
	}
}

// TestWriteInPlaceWaitsWithRename checks that a batch holding a file
// written in place waits the whole quiet window even when another file of
// it was renamed into place, and that a removal waits it too: either may
// be followed by more of the same save.
func TestWriteInPlaceWaitsWithRename(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	write(t, root, "content/a.md", "a")
	write(t, root, "content/c.md", "c")
	const long = 300 * time.Millisecond
	w, err := New(Options{Root: root, Dirs: []string{"content"}, Quiet: long, Settled: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b, after := waitFor(t, w, func() {
		write(t, root, "content/b.md", "b")
		write(t, root, "content/sedAb12Cd", "new a")
		os.Rename(filepath.Join(root, "content/sedAb12Cd"), filepath.Join(root, "content/a.md"))
	})
	want(t, b, "content/a.md", "content/b.md")
	if after < long {
		t.Errorf("batch after %v, before the quiet window of %v", after, long)
	}
	b, after = waitFor(t, w, func() { os.Remove(filepath.Join(root, "content/c.md")) })
	want(t, b, "content/c.md")
	if after < long {
		t.Errorf("a removal was sent after %v, before the quiet window of %v", after, long)
	}
}
