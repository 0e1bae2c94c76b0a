//go:build unix

package watch

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFolderThatCannotBeListedIsReported: when a watched folder cannot be
// opened to list the folders in it (here: no file descriptor left, as on
// a large site with a low `ulimit -n`), New fails and names the folder,
// instead of starting a watcher that misses every edit below it.
// The tests run as root, which opens a folder whatever its permission
// bits, so the open is made to fail by lowering the limit on open files:
// New is tried with one more descriptor each time, until it starts; on
// the way some try has the watcher's own descriptors but none left to
// open the folder. Not parallel: the limit is the whole process's.
func TestFolderThatCannotBeListedIsReported(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/images/deep/go.md", "x")
	var saved syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &saved); err != nil {
		t.Skip(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &saved)
	named := false
	for n := uint64(3); n < min(saved.Cur, 1024); n++ {
		limit := syscall.Rlimit{Cur: n, Max: saved.Max}
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &limit); err != nil {
			t.Skip(err)
		}
		w, err := New(Options{Root: root, Dirs: []string{"content"}})
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &saved); err != nil {
			t.Fatal(err)
		}
		if err == nil {
			w.Close()
			break
		}
		if !errors.Is(err, syscall.EMFILE) {
			t.Fatalf("with %d descriptors: %v, want too many open files", n, err)
		}
		if strings.Contains(err.Error(), "open "+filepath.Join(root, "content")) {
			named = true
		}
	}
	if !named {
		t.Error("New started, or failed before watching, at every limit: no error named a folder it could not open")
	}
}
