package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// checkDest refuses an output folder that would swallow the sources: the
// build replaces it whole.
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("--dest %s holds the site's sources; the build replaces --dest whole, so choose a folder of its own, such as %s", dest, filepath.Join(source, "public"))
	}
	for _, sub := range []string{"content", "templates", "static"} {
		if dst == filepath.Join(src, sub) || strings.HasPrefix(dst, filepath.Join(src, sub)+string(filepath.Separator)) {
			return fmt.Errorf("--dest %s is inside the site's %s/ folder; choose a folder of its own, such as %s", dest, sub, filepath.Join(source, "public"))
		}
	}
	return nil
}

// A staging folder is a fresh folder beside dest that a build writes into.
// Commit puts it in dest's place with two renames, so dest is always either
// the old site or the new one, never a mix; Discard drops it and leaves dest
// as it was.
type staging struct {
	dest string
	dir  string
}

func newStaging(dest string) (*staging, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &staging{dest: dest, dir: dir}, nil
}

// Write writes one output file; it is safe for concurrent use. name is a
// slash path that site.Build made, never absolute and never with "..".
func (s *staging) Write(name string, data []byte) error {
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if !strings.HasPrefix(p, s.dir+string(filepath.Separator)) {
		return fmt.Errorf("output path %q is outside the output folder", name)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Discard removes the staging folder.
func (s *staging) Discard() { os.RemoveAll(s.dir) }

// Commit replaces dest with the staging folder.
func (s *staging) Commit() error {
	old := ""
	if _, err := os.Lstat(s.dest); err == nil {
		old = s.dir + ".old"
		if err := os.Rename(s.dest, old); err != nil {
			s.Discard()
			return err
		}
	}
	if err := os.Rename(s.dir, s.dest); err != nil {
		if old != "" {
			os.Rename(old, s.dest)
		}
		s.Discard()
		return err
	}
	if old != "" {
		return removeTree(old)
	}
	return nil
}

// removeTree removes dir and everything in it, with the entries of its
// first two levels shared among a few goroutines: a big site's old output
// is tens of thousands of folders, and unlinking them one by one on one
// core took seconds.
func removeTree(dir string) error {
	var paths []string
	top, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			paths = append(paths, p)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil {
			paths = append(paths, p)
			continue
		}
		for _, s := range sub {
			paths = append(paths, filepath.Join(p, s.Name()))
		}
	}
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if err := os.RemoveAll(p); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	return os.RemoveAll(dir)
}
