package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests in this file run the sitegen program (the test binary, which
// TestMain puts on $PATH as "sitegen") on a generated catalog big enough
// to be still building when it is stopped.

// stopImages is how many images the generated catalog has: enough for a
// build that lasts a few seconds on a fast machine.
const stopImages = 3000

// TestBuildStops stops a build with SIGINT and with SIGTERM while it
// renders pages, with the build cache and without it (--no-cache): each
// exits at once with 130 or 143 and one line saying nothing was written,
// and leaves the last build's output and the build cache as they were,
// with no staging folder or half-written pack.
func TestBuildStops(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a catalog of 3,000 images")
	}
	site := t.TempDir()
	writeCatalog(t, site, stopImages)
	dest := filepath.Join(site, "out")
	cacheDir := filepath.Join(site, "cache")
	build(t, site, cacheDir, "--dest", dest).wait(t, 0)
	out, pack := treeSum(t, dest), treeSum(t, cacheDir)

	for _, c := range []struct {
		name    string
		sig     syscall.Signal
		code    int
		word    string
		noCache bool
	}{
		{"interrupt", syscall.SIGINT, 130, "interrupted", false},
		{"terminated", syscall.SIGTERM, 143, "terminated", false},
		{"no-cache", syscall.SIGINT, 130, "interrupted", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Another base URL changes every page and every cache key:
			// the build renders everything again, and slowly enough.
			args := []string{"--dest", dest, "--base-url", "/docs/"}
			if c.noCache {
				args = append(args, "--no-cache")
			}
			p := build(t, site, cacheDir, args...)
			waitRendering(t, p, site, "out")
			start := time.Now()
			p.cmd.Process.Signal(c.sig)
			p.wait(t, c.code)
			took := time.Since(start)
			t.Logf("stopped %s after the signal", took.Round(time.Millisecond))
			if took > time.Second {
				t.Errorf("the build took %s to stop; want at most 1s", took.Round(time.Millisecond))
			}
			want := fmt.Sprintf("sitegen build: %s; nothing was written (%s is as it was)\n", c.word, dest)
			if got := p.stderr.String(); got != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
			if p.stdout.Len() > 0 {
				t.Errorf("stdout: %s", p.stdout.String())
			}
			if treeSum(t, dest) != out {
				t.Errorf("the output changed")
			}
			if treeSum(t, cacheDir) != pack {
				t.Errorf("the build cache changed")
			}
			checkNoStaging(t, site, "out")
		})
	}
}

// TestBuildRemovesLeftovers kills a build outright (SIGKILL) while it
// renders: its staging folder stays, and the next build of the same
// destination removes it, but not a staging folder whose build still
// runs (one whose lock is held).
func TestBuildRemovesLeftovers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a catalog of 3,000 images")
	}
	site := t.TempDir()
	writeCatalog(t, site, stopImages)
	p := build(t, site, "", "--no-cache")
	waitRendering(t, p, site, "public")
	p.cmd.Process.Kill()
	p.cmd.Wait()
	left := staged(t, site, "public")
	if len(left) != 1 {
		t.Fatalf("after kill -9, staging folders %q; want one", left)
	}
	// A running build's folder, as far as the next build can tell.
	running := filepath.Join(site, ".public.sitegen-staging-running")
	if err := os.Mkdir(running, 0o755); err != nil {
		t.Fatal(err)
	}
	lock, ok := lockDir(running)
	if !ok {
		t.Fatal("cannot lock", running)
	}
	defer unlock(lock)

	build(t, site, "", "--no-cache").wait(t, 0)
	if _, err := os.Stat(left[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the killed build's staging folder is still there (%v)", err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the running build's staging folder was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err != nil {
		t.Errorf("the next build made no site: %v", err)
	}
}

// process is a sitegen program started by build.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

// build starts sitegen build on the site with args, its build cache in
// cacheDir (none when empty).
func build(t *testing.T, site, cacheDir string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command("sitegen", append([]string{"build", "--source", site}, args...)...)}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	p.cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1795737600", cacheEnv+"="+cacheDir)
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill() })
	return p
}

// wait waits for the program and checks its exit status.
func (p *process) wait(t *testing.T, code int) {
	t.Helper()
	p.cmd.Wait()
	if got := p.cmd.ProcessState.ExitCode(); got != code {
		t.Fatalf("exit status %d, want %d (%s)\nstdout: %s\nstderr: %s", got, code, p.cmd.ProcessState, p.stdout.String(), p.stderr.String())
	}
}

// waitRendering waits until the build p has written pages into its
// staging folder beside dest (a folder of site).
func waitRendering(t *testing.T, p *process, site, dest string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		for _, dir := range staged(t, site, dest) {
			if _, err := os.Stat(filepath.Join(dir, "images")); err == nil {
				return
			}
		}
		if p.cmd.ProcessState != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the build wrote no page\nstdout: %s\nstderr: %s", p.stdout.String(), p.stderr.String())
}

// staged lists the staging folders beside dest.
func staged(t *testing.T, site, dest string) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(site, "."+dest+".sitegen-*"))
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// checkNoStaging fails when anything but the output, the cache and the
// content is left in site.
func checkNoStaging(t *testing.T, site, dest string) {
	t.Helper()
	entries, err := os.ReadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case dest, "cache", "content":
		default:
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
	tmp, _ := filepath.Glob(filepath.Join(site, "cache", "*.tmp-*"))
	if len(tmp) > 0 {
		t.Errorf("half-written cache files left: %q", tmp)
	}
}

// treeSum is a hash of the names, modes and bytes of every file under dir.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v %d\n", strings.TrimPrefix(p, dir), info.Mode(), info.Size())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// writeCatalog writes a catalog of n images into site/content: each with a
// body of prose, a list, a table, a site link and highlighted code, as a
// real catalog's are.
func writeCatalog(t *testing.T, site string, n int) {
	t.Helper()
	files := map[string]string{
		"_index.md":          "---\ntitle: Stop test\n---\nA generated catalog.\n",
		"categories/base.md": "---\ntitle: Base\nsummary: Build on these.\n---\nBase images.\n",
	}
	for i := range n {
		files[fmt.Sprintf("images/img-%d.md", i)] = fmt.Sprintf(`---
summary: Image number %d, for the stop tests.
categories: [base]
tags: [latest, latest-dev, "1.%d"]
versions:
  - {version: "1.%d", eol: 2030-01-01}
---
## Getting started

Image %d runs as a non-root user. See [the next one](/images/img-%d/) and
[the category](/categories/base/).

- It has no shell.
- It is rebuilt every night.

| Tag | Shell |
|---|---|
| latest | no |
| latest-dev | yes |

`+"```go"+`
package main

import "fmt"

func main() {
	for i := range %d {
		fmt.Println("image", i)
	}
}
`+"```"+`
`, i, i%50, i%50, i, (i+1)%n, i)
	}
	for name, data := range files {
		p := filepath.Join(site, "content", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDiscardCutShort stops removing a staging folder at once, as a
// stopped build does when its time to clean up is over: the folder stays,
// unlocked, and the next build's removeLeftovers removes it.
func TestDiscardCutShort(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	s, err := newStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := s.Write(fmt.Sprintf("images/%d/index.html", i), []byte("page")); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s.Discard(ctx) {
		t.Fatal("Discard with a done context removed the whole folder")
	}
	if err := s.Write("late.html", []byte("late")); err == nil {
		t.Error("a Write after Discard wrote")
	}
	if _, err := os.Stat(s.dir); err != nil {
		t.Fatalf("the folder is gone: %v", err)
	}
	removeLeftovers(context.Background(), dest)
	if _, err := os.Stat(s.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("removeLeftovers left %s (%v)", s.dir, err)
	}
}

// TestSecondSignal checks that once main's context has been stopped by a
// signal, a second one ends the program at once, as a second Ctrl-C
// during a stopped build's cleanup must.
func TestSecondSignal(t *testing.T) {
	cmd := exec.Command("sitegen-second-signal")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("the program ended with %v (%v), not by the second SIGINT\n%s", cmd.ProcessState, err, stderr.String())
	}
}

// secondSignal is the program TestSecondSignal runs: it sends itself
// SIGINT, waits for main's context to stop, sends the second, and gives it
// time to end the program; if the program lives on, it exits 1.
func secondSignal() {
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	<-ctx.Done()
	if exitStopped(ctx) != 130 {
		fmt.Fprintln(os.Stderr, "the first SIGINT gave exit status", exitStopped(ctx))
		os.Exit(1)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	time.Sleep(5 * time.Second)
	fmt.Fprintln(os.Stderr, "still running 5 s after the second SIGINT")
	os.Exit(1)
}
