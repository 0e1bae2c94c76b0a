package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 10268, 2 * time.Second, "0 of 10,268 pages"},
		{4200, 10268, 4 * time.Second, "4,200 of 10,268 pages, 1,050 pages/s, about 6s left"},
		{1000, 100000, 10 * time.Second, "1,000 of 100,000 pages, 100 pages/s, about 16m30s left"},
		{50, 110, 5 * time.Second, "50 of 110 pages, 10 pages/s, about 6s left"},
		{110, 110, 5 * time.Second, "110 of 110 pages, 22 pages/s, about 0s left"},
		{999, 1000, 1 * time.Second, "999 of 1,000 pages, 999 pages/s, about 0s left"},
		{100, 700, 10 * time.Second, "100 of 700 pages, 10 pages/s, about 1m00s left"},
		{5, 10, 0, "5 of 10 pages"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// TestThousands checks the grouping of digits, a negative number's sign
// kept outside the groups.
func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -123456: "-123,456", -1000: "-1,000", -7: "-7"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProgressTicks checks on a fake clock that nothing shows in the
// first second, that the line is then rewritten in place, and that clear
// wipes it, once.
func TestProgressTicks(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	p := newProgress(&out, func() time.Time { return now })
	p.clear()
	p.set(100, 1000)
	now = now.Add(900 * time.Millisecond)
	p.tick()
	if out.Len() != 0 {
		t.Fatalf("before a second: %q", out.String())
	}
	now = now.Add(100 * time.Millisecond)
	p.tick()
	p.set(500, 1000)
	now = now.Add(time.Second)
	p.tick()
	p.clear()
	p.clear()
	want := "\r100 of 1,000 pages, 100 pages/s, about 9s left\x1b[K" +
		"\r500 of 1,000 pages, 250 pages/s, about 2s left\x1b[K" +
		"\r\x1b[K"
	if out.String() != want {
		t.Errorf("wrote %q\nwant  %q", out.String(), want)
	}
	// A build that has not planned its pages yet shows nothing.
	out.Reset()
	q := newProgress(&out, func() time.Time { return now })
	now = now.Add(5 * time.Second)
	q.tick()
	if out.Len() != 0 {
		t.Errorf("no pages known yet: %q", out.String())
	}
}

// fakeTerminal is a writer whose Stat says it is a character device, as
// a terminal's is.
type fakeTerminal struct{ bytes.Buffer }

func (fakeTerminal) Stat() (os.FileInfo, error) { return termInfo{}, nil }

type termInfo struct{ os.FileInfo }

func (termInfo) Mode() fs.FileMode { return fs.ModeDevice | fs.ModeCharDevice | 0o620 }

func TestProgressWanted(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	term := map[string]string{"TERM": "xterm-256color"}
	file, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	tests := []struct {
		what string
		w    io.Writer
		env  map[string]string
		want bool
	}{
		{"a terminal", &fakeTerminal{}, term, true},
		{"a terminal in CI", &fakeTerminal{}, map[string]string{"TERM": "xterm", "CI": "true"}, false},
		{"a dumb terminal", &fakeTerminal{}, map[string]string{"TERM": "dumb"}, false},
		{"no TERM", &fakeTerminal{}, map[string]string{}, false},
		{"a pipe", w, term, false},
		{"a file", file, term, false},
		{"a buffer", &bytes.Buffer{}, term, false},
	}
	for _, tt := range tests {
		if got := progressWanted(tt.w, env(tt.env)); got != tt.want {
			t.Errorf("%s: progressWanted = %v, want %v", tt.what, got, tt.want)
		}
	}
}

// TestBuildOnTerminal runs sitegen build as from a terminal, where it
// shows its progress line: stderr a character device (/dev/null, which
// is one, as a terminal is), TERM set and CI not. The build must succeed
// and write the site there as it does in a pipe.
func TestBuildOnTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if !progressWanted(null, func(k string) string { return map[string]string{"TERM": "xterm"}[k] }) {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	site := t.TempDir()
	writeCatalog(t, site, 3)
	dest := filepath.Join(site, "out")
	cmd := exec.Command("sitegen", "build", "--source", site, "--dest", dest, "--no-cache")
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, null
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "TERM=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TERM=xterm")
	if err := cmd.Run(); err != nil {
		t.Fatalf("sitegen build on a terminal: %v\nstdout: %s", err, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dest, "images", "img-2", "index.html")); err != nil {
		t.Errorf("the image page was not written: %v", err)
	}
}
