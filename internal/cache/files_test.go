package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openFiles returns the files under dir this process has open, from
// /proc/self/fd; it skips the test where there is no /proc.
func openFiles(t *testing.T, dir string) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot list open files: %v", err)
	}
	var open []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			open = append(open, target)
		}
	}
	return open
}

// TestSaveAndCloseFreeTheFiles checks the promise of Open: once Save or
// Close returns, the pack holds no file open, neither the old pack it read
// from nor the new one.
func TestSaveAndCloseFreeTheFiles(t *testing.T) {
	for _, end := range []string{"Save", "Close"} {
		t.Run(end, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "site.pack")
			fill(t, path, "v1", three)
			p := Open(path, version("v1"))
			if _, ok := p.Get(key("a")); !ok {
				t.Fatal("the old pack was not read")
			}
			if open := openFiles(t, dir); len(open) != 2 {
				t.Fatalf("while in use, open: %q; want the old pack and the new", open)
			}
			if end == "Save" {
				if err := p.Save(); err != nil {
					t.Fatal(err)
				}
			} else {
				p.Close()
			}
			if open := openFiles(t, dir); len(open) != 0 {
				t.Errorf("after %s, still open: %q", end, open)
			}
		})
	}
}
