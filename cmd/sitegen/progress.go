package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// A progress line tells someone watching a long build at a terminal how
// far it is: once the build has run progressAfter, one line on stderr,
// rewritten in place as pages are done ("4,200 of 10,268 pages, 1,050
// pages/s, about 6s left"), and wiped when the build ends. It is never
// written to a pipe, a file or a CI log (see progressWanted).
type progress struct {
	w     io.Writer
	now   func() time.Time
	start time.Time

	done, total atomic.Int64 // set by the build's goroutines

	mu    sync.Mutex // serialises tick and clear
	shown bool       // a line is on the screen
}

// progressAfter is how long a build runs before its progress shows.
const progressAfter = time.Second

func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, start: now()}
}

// set records that done of total pages are rendered; it is
// site.Options.Progress.
func (p *progress) set(done, total int) {
	p.total.Store(int64(total))
	p.done.Store(int64(done))
}

// tick writes the line again, once the build has run progressAfter and
// knows how many pages it has.
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := p.now().Sub(p.start)
	total := int(p.total.Load())
	if elapsed < progressAfter || total == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", progressLine(int(p.done.Load()), total, elapsed))
	p.shown = true
}

// clear wipes the line, if one was written, so the next message starts
// on a clean line.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// run ticks every interval until stop is closed, then clears the line.
func (p *progress) run(interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			p.clear()
			return
		case <-t.C:
			p.tick()
		}
	}
}

// progressLine is the line for done of total pages after elapsed.
func progressLine(done, total int, elapsed time.Duration) string {
	line := fmt.Sprintf("%s of %s pages", thousands(done), thousands(total))
	if done == 0 || elapsed <= 0 {
		return line
	}
	rate := float64(done) / elapsed.Seconds()
	left := time.Duration(float64(total-done) / rate * float64(time.Second))
	return fmt.Sprintf("%s, %s pages/s, about %s left", line, thousands(int(rate+0.5)), roundLeft(left))
}

// roundLeft rounds a time left to what a reader needs: whole seconds,
// and whole minutes and seconds past a minute ("1m05s").
func roundLeft(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// progressWanted reports whether a progress line goes to w: only when w
// is a terminal (a character device, as a pipe, a file or a CI runner's
// log is not), and not when the environment says CI (CI set, as every
// CI service sets it) or a terminal that cannot move the cursor
// (TERM=dumb, or unset).
func progressWanted(w io.Writer, getenv func(string) string) bool {
	if getenv("CI") != "" || getenv("TERM") == "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
