// Package watch reports changes to a site's source folders as batches of
// changed paths, one batch per burst of edits.
//
// A Watcher watches the named folders under a root (for sitegen: content/,
// templates/ and static/) recursively. Folders created later are watched as
// soon as they appear, and the files already inside them are reported, so
// "mkdir -p a/b && cp x a/b/" is seen whole. A named folder that does not
// exist yet is picked up when it is created under the root.
//
// What is not reported:
//   - events that only change permissions or times (fsnotify's CHMOD);
//   - editors' and tools' side files and hidden names: whatever
//     content.Ignored says sitegen never reads (swap, backup, lock and
//     temp files of vim, emacs, JetBrains IDEs, sed -i and perl -pi).
//
// An editor's save is often several events (write a temp file, rename it
// over the original, change its mode). The Watcher gathers events until
// none has come for the quiet window (Options.Quiet, 20 ms by default: an
// editor's events for one save come within a few milliseconds), or
// until Options.MaxDelay has passed since the first event of the batch
// (1 s by default, so a steady stream of writes still yields batches), and
// then sends one Batch. Events that come while the receiver has not yet
// taken a batch join it, so a slow receiver gets fewer, larger batches and
// never misses a change.
//
// A file renamed onto its name from beside it (a save by write-then-rename:
// sed -i, perl -pi, JetBrains' safe write, many editors) is whole the
// moment the event comes, so the quiet window is then the short
// Options.Settled (3 ms by default), as long as every path of the batch
// came that way: a file written in place (its last event a write or a
// create) may still be half-written and waits the whole quiet window, and
// so does a batch with a removal (vim and emacs move a file away before
// they write it anew; git checkout removes and writes many). So a
// multi-file change that writes files in place (git checkout, cp -r)
// stays one batch, and one that renames files into place stays one batch
// when its renames come within Settled of each other.
//
// Stirred receives a value (without blocking; one is kept) when the first
// event of a batch comes, before its quiet window has passed, so that the
// receiver can stop work the batch will make stale.
//
// A Batch holds slash paths relative to the root, sorted, each once, such as
// "content/images/go.md". Removed and renamed-away files are included. When
// the watcher lost events (the kernel's queue overflowed) the batch names
// every watched folder instead, meaning "something in here changed".
//
// One goroutine owns the batch, the timer and the folder list: it selects
// over fsnotify's events and the timer, so there is no lock.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sitegen/sitegen/internal/content"
)

// Options configure a Watcher.
type Options struct {
	Root     string        // the folder the watched folders are in
	Dirs     []string      // folders under Root to watch recursively, e.g. "content"
	Quiet    time.Duration // a batch is sent after this long without events; 20 ms when zero
	Settled  time.Duration // or this long when every path of it was renamed onto; 3 ms when zero, never more than Quiet
	MaxDelay time.Duration // nor later than this after its first event; 1 s when zero
}

// A Batch is the set of paths changed in one burst of events.
type Batch []string

// A Watcher sends a Batch on C after each burst of changes.
type Watcher struct {
	fsw     *fsnotify.Watcher
	root    string
	dirs    []string
	quiet   time.Duration
	settled time.Duration
	maxWait time.Duration
	batches chan Batch
	stirred chan struct{}
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
	close   sync.Once
}

// New starts watching. Close stops it.
func New(opts Options) (*Watcher, error) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", opts.Root, err)
	}
	w := &Watcher{
		fsw: fsw, root: root, dirs: slices.Clone(opts.Dirs),
		quiet: opts.Quiet, settled: opts.Settled, maxWait: opts.MaxDelay,
		batches: make(chan Batch), stirred: make(chan struct{}, 1), errs: make(chan error, 8),
		done: make(chan struct{}), stopped: make(chan struct{}),
	}
	if w.quiet <= 0 {
		w.quiet = 20 * time.Millisecond
	}
	if w.maxWait <= 0 {
		w.maxWait = time.Second
	}
	if w.settled <= 0 {
		w.settled = 3 * time.Millisecond
	}
	w.settled = min(w.settled, w.quiet)
	// The root itself is watched only to see a named folder appear.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", opts.Root, err)
	}
	for _, d := range w.dirs {
		if _, err := w.addTree(filepath.Join(root, filepath.FromSlash(d)), false); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Batches returns the channel batches are sent on. It is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Stirred returns a channel that receives a value when the first event of
// a batch comes, before the batch is sent.
func (w *Watcher) Stirred() <-chan struct{} { return w.stirred }

// Errors returns the channel problems are sent on (a folder that could not
// be watched, a lost event queue). Errors are dropped when nobody reads
// them; watching goes on.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and closes the Batches channel. It is safe to call
// more than once.
func (w *Watcher) Close() error {
	var err error
	w.close.Do(func() {
		close(w.done)
		err = w.fsw.Close()
		<-w.stopped
	})
	return err
}

// loop owns the pending batch and its timers.
func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.batches)
	pending := map[string]bool{} // each path, and whether it was renamed onto (whole)
	var (
		quiet    *time.Timer
		quietC   <-chan time.Time
		deadline time.Time
		ready    Batch
		out      chan Batch // w.batches while a batch is ready, nil otherwise
	)
	schedule := func() {
		if len(pending) == 0 {
			return
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(w.maxWait)
			select {
			case w.stirred <- struct{}{}:
			default:
			}
		}
		wait := min(w.window(pending), time.Until(deadline))
		if quiet == nil {
			quiet = time.NewTimer(wait)
		} else {
			quiet.Reset(wait)
		}
		quietC, out, ready = quiet.C, nil, nil
	}
	for {
		select {
		case <-w.done:
			if quiet != nil {
				quiet.Stop()
			}
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev, pending)
			schedule()
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.lost(err, pending)
			schedule()
		case <-quietC:
			quietC = nil
			ready, out = sorted(pending), w.batches
		case out <- ready:
			clear(pending)
			deadline, ready, out = time.Time{}, nil, nil
		}
	}
}

// window is the quiet window of the pending batch: Settled when every
// path in it was renamed onto, Quiet otherwise.
func (w *Watcher) window(pending map[string]bool) time.Duration {
	for _, whole := range pending {
		if !whole {
			return w.quiet
		}
	}
	return w.settled
}

// renamedOnto reports whether ev is a file renamed onto its name from
// another name in a watched folder (inotify's IN_MOVED_TO, paired with
// its IN_MOVED_FROM). fsnotify keeps the old name unexported and shows it
// only in the event's text: Create "new" ← "old".
func renamedOnto(ev fsnotify.Event) bool {
	return ev.Op == fsnotify.Create && strings.Contains(ev.String(), strconv.Quote(ev.Name)+" ← ")
}

// handle records one event in pending.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) {
	rel, ok := w.rel(ev.Name)
	if !ok || content.Ignored(filepath.Base(ev.Name)) {
		return
	}
	if ev.Op == fsnotify.Chmod {
		return
	}
	if !strings.Contains(rel, "/") && !slices.Contains(w.dirs, rel) {
		return // something else at the root, such as public/
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			files, err := w.addTree(ev.Name, true)
			if err != nil {
				w.report(err)
			}
			for _, f := range files {
				pending[f] = false
			}
			return
		}
	}
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		// A folder moved away keeps its inotify watch under the old
		// name; drop it. Removing a file's name is a harmless error.
		_ = w.fsw.Remove(ev.Name)
	}
	pending[rel] = renamedOnto(ev)
}

// lost turns an fsnotify error into a report and, when events were lost,
// marks every watched folder as changed.
func (w *Watcher) lost(err error, pending map[string]bool) {
	w.report(err)
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		for _, d := range w.dirs {
			pending[d] = false
		}
	}
}

// addTree watches dir and every folder below it, and returns the files found
// in it as root-relative slash paths when list is set. A missing dir is not
// an error: it is picked up when it appears.
func (w *Watcher) addTree(dir string, list bool) ([]string, error) {
	t := treeWalk{w: w, list: list}
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		t.errs = append(t.errs, err)
	case info.IsDir():
		t.walk(dir)
	case list:
		t.file(dir)
	}
	return t.files, errors.Join(t.errs...)
}

// A treeWalk is addTree going through the folders: in no order, and naming
// files only when asked for (New does not ask: at 100,000 files, sorting
// and naming them took two thirds of its time).
type treeWalk struct {
	w     *Watcher
	list  bool
	files []string
	errs  []error
}

func (t *treeWalk) walk(dir string) {
	if err := t.w.fsw.Add(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.errs = append(t.errs, fmt.Errorf("cannot watch %s: %w", dir, err))
	}
	var entries []fs.DirEntry
	f, err := os.Open(dir)
	if err == nil {
		entries, err = f.ReadDir(-1)
		f.Close()
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.errs = append(t.errs, err)
	}
	for _, e := range entries {
		switch {
		case content.Ignored(e.Name()):
		case e.IsDir():
			t.walk(filepath.Join(dir, e.Name()))
		case t.list:
			t.file(filepath.Join(dir, e.Name()))
		}
	}
}

func (t *treeWalk) file(p string) {
	if rel, ok := t.w.rel(p); ok {
		t.files = append(t.files, rel)
	}
}

// report sends err on the Errors channel unless it is full.
func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// rel returns name relative to the root as a slash path.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func sorted(set map[string]bool) Batch {
	b := make(Batch, 0, len(set))
	for p := range set {
		b = append(b, p)
	}
	slices.Sort(b)
	return b
}
