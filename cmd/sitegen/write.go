package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/compress"
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
// as it was, and no Write after Discard writes anything.
//
// A build killed outright (kill -9, a power cut) cannot remove its staging
// folder, nor the old output it was removing after a commit. So each is
// named for dest (".public.sitegen-staging-*", ".public.sitegen-old-*")
// and holds an advisory lock (flock) on itself while its build runs, which
// the kernel drops when the process dies: removeLeftovers removes the
// folders of that name whose lock it can take, that is those of builds
// that are gone. Two builds of one destination at once each keep their
// own folder and leave the other's alone; the last to commit wins, and
// dest is always one whole build.
type staging struct {
	dest string
	dir  string
	lock *os.File // dir's lock, held until Commit or Discard is done

	// compress, when set, makes each file's .gz and .br copies beside it
	// as it is written (see compress.Wanted), in the goroutine writing it.
	compress *compress.Compressor

	mu        sync.RWMutex // held for reading by each Write, for writing by Discard
	discarded bool

	// dirs are the folders made so far (slash paths in dir), so that
	// each is made once: a big site's tens of thousands of files
	// would otherwise each cost a stat (or three syscalls, for a new
	// folder) before they are written.
	dirs sync.Map
}

// Markers in the names of the folders a build keeps beside dest.
const (
	stagingMarker = ".sitegen-staging-"
	oldMarker     = ".sitegen-old-"
)

func newStaging(dest string) (*staging, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// Another build's removeLeftovers may take the lock of a folder made
	// here before this build does, and remove it: then try another.
	for range 5 {
		dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+stagingMarker)
		if err != nil {
			return nil, err
		}
		lock, ok := lockDir(dir)
		if !ok {
			continue
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			os.RemoveAll(dir)
			unlock(lock)
			return nil, err
		}
		return &staging{dest: dest, dir: dir, lock: lock}, nil
	}
	return nil, fmt.Errorf("the staging folders made beside %s kept being removed", dest)
}

// removeLeftovers removes the staging folders and old outputs that builds
// of dest which are gone left beside it (see staging). It stops when ctx
// is done.
func removeLeftovers(ctx context.Context, dest string) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return
	}
	for _, marker := range []string{stagingMarker, oldMarker} {
		prefix := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+marker)
		names, _ := filepath.Glob(prefix + "*")
		for _, name := range names {
			if ctx.Err() != nil {
				return
			}
			lock, ok := tryLockDir(name)
			if !ok {
				continue // its build is still running
			}
			removeTree(ctx, name)
			unlock(lock)
		}
	}
}

// Write writes one output file; it is safe for concurrent use. name is a
// slash path that site.Build made, never absolute and never with "..".
func (s *staging) Write(name string, data []byte) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.discarded {
		return errDiscarded
	}
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if !strings.HasPrefix(p, s.dir+string(filepath.Separator)) {
		return fmt.Errorf("output path %q is outside the output folder", name)
	}
	if err := s.mkdir(path.Dir(path.Clean(name))); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if s.compress == nil || !compress.Wanted(name, len(data)) {
		return nil
	}
	gz, br := s.compress.Copies(data)
	if err := os.WriteFile(p+".gz", gz, 0o644); err != nil {
		return err
	}
	return os.WriteFile(p+".br", br, 0o644)
}

// mkdir makes the folder dir (a slash path in the staging folder, "."
// for the staging folder itself) and those it is in, unless made before.
func (s *staging) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	if err := s.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(s.dir, filepath.FromSlash(dir)), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// errDiscarded is Write's error once the staging folder is discarded.
var errDiscarded = errors.New("the build was stopped")

// Discard removes the staging folder, once the writes under way are
// done; later writes fail. It stops when ctx is done, and reports whether
// it removed the whole folder: what is left, the next build removes.
func (s *staging) Discard(ctx context.Context) bool {
	s.mu.Lock()
	s.discarded = true
	s.mu.Unlock()
	removeTree(ctx, s.dir)
	unlock(s.lock)
	return ctx.Err() == nil
}

// Commit replaces dest with the staging folder. Once the two renames are
// done, it removes the old output; when ctx is done before that removal
// is, what is left of it is left for the next build to remove.
func (s *staging) Commit(ctx context.Context) error {
	var old string
	var oldLock *os.File
	if _, err := os.Lstat(s.dest); err == nil {
		// Lock the old output before it takes its leftover name, so that
		// no other build removes it from under this one.
		// A build that commits at the same time may move it meanwhile:
		// then lock what is there now.
		var ok bool
		for range 5 {
			if oldLock, ok = lockDir(s.dest); ok {
				break
			}
		}
		if !ok {
			s.Discard(context.Background())
			return fmt.Errorf("other builds kept replacing %s at the same time", s.dest)
		}
		defer unlock(oldLock)
		old = strings.Replace(s.dir, stagingMarker, oldMarker, 1)
		if err := os.Rename(s.dest, old); err != nil {
			s.Discard(context.Background())
			return err
		}
	}
	if err := os.Rename(s.dir, s.dest); err != nil {
		if old != "" {
			os.Rename(old, s.dest)
		}
		s.Discard(context.Background())
		return err
	}
	unlock(s.lock)
	if old != "" {
		return removeTree(ctx, old)
	}
	return nil
}

// removeTree removes dir and everything in it, with the entries of its
// first two levels shared among a few goroutines: a big site's old output
// is tens of thousands of folders, and unlinking them one by one on one
// core took seconds. Once ctx is done it stops and returns nil, leaving
// the rest.
func removeTree(ctx context.Context, dir string) error {
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
feed:
	for _, p := range paths {
		select {
		case work <- p:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	select {
	case err := <-errs:
		return err
	default:
	}
	return os.RemoveAll(dir)
}
