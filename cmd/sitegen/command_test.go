package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeCommandDefaults runs `sitegen serve` with no flags, as a
// process of its own (the executable testscript put on the PATH), and
// checks its defaults: it listens on 127.0.0.1 port 1313 and nowhere else,
// says so, serves the site, and exits 0 on Ctrl-C.
//
// Port 1313 may be taken on a shared machine (another sitegen serve). Then
// serve must exit 2 saying that port 1313 on 127.0.0.1 is in use: that
// message names the address it asked to listen on, which proves the
// defaults as well, though it proves nothing about serving.
func TestServeCommandDefaults(t *testing.T) {
	exe, err := exec.LookPath("sitegen")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "serve")
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })

	first, ok := <-lines
	if !ok {
		err := <-exited
		if strings.Contains(stderr.String(), "already in use") {
			want := "sitegen serve: port 1313 on 127.0.0.1 is already in use"
			if !strings.HasPrefix(stderr.String(), want) || exitCode(err) != exitUsage {
				t.Fatalf("exit %v, stderr %q; want exit %d and %q", err, stderr.String(), exitUsage, want)
			}
			t.Logf("port 1313 is taken; serve refused it with the defaults in its message: %s", strings.TrimSpace(stderr.String()))
			return
		}
		t.Fatalf("serve exited (%v) before it printed anything; stderr:\n%s", err, stderr.String())
	}
	if want := "Serving . at http://127.0.0.1:1313/"; first != want {
		t.Errorf("serve printed %q, want %q", first, want)
	}
	if addrs, err := listening(cmd.Process.Pid); err != nil {
		t.Logf("cannot tell where serve listens: %v", err)
	} else if !slices.Equal(addrs, []string{"127.0.0.1:1313"}) {
		t.Errorf("serve listens on %q, want only 127.0.0.1:1313", addrs)
	}
	resp, err := http.Get("http://127.0.0.1:1313/images/demo/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "first version") {
		t.Errorf("GET /images/demo/: %d %.200s", resp.StatusCode, body)
	}

	cmd.Process.Signal(os.Interrupt)
	var out []string
	for l := range lines {
		out = append(out, l)
	}
	select {
	case err := <-exited:
		if code := exitCode(err); code != exitOK {
			t.Errorf("serve exited %d on Ctrl-C, want %d; stderr:\n%s", code, exitOK, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of Ctrl-C")
	}
	if len(out) == 0 || out[len(out)-1] != "Stopped." {
		t.Errorf("serve's last words were %q, want Stopped.", out)
	}
	if s := stderr.String(); s != "" {
		t.Errorf("serve wrote to stderr on a site without problems:\n%s", s)
	}
}

// exitCode is a process's exit status from what exec's Wait returned.
func exitCode(err error) int {
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// listening lists the TCP addresses process pid listens on, from Linux's
// /proc: its sockets' inodes, matched in /proc/net/tcp and tcp6.
func listening(pid int) ([]string, error) {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return nil, err
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	var addrs []string
	for _, table := range []string{"tcp", "tcp6"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			const listen = "0A"
			if len(f) > 9 && f[3] == listen && inodes[f[9]] {
				addrs = append(addrs, procAddr(f[1]))
			}
		}
	}
	return addrs, nil
}

// procAddr turns /proc/net/tcp's hexadecimal address (0100007F:0521)
// into host:port; IPv6 addresses are left in hexadecimal.
func procAddr(s string) string {
	host, port, _ := strings.Cut(s, ":")
	var p int
	fmt.Sscanf(port, "%X", &p)
	if len(host) == 8 {
		var ip [4]int
		for i := range ip {
			fmt.Sscanf(host[2*(3-i):2*(3-i)+2], "%X", &ip[i])
		}
		host = fmt.Sprintf("%d.%d.%d.%d", ip[0], ip[1], ip[2], ip[3])
	}
	return fmt.Sprintf("%s:%d", host, p)
}

// TestServeCommandDrafts runs `sitegen serve` on a free port with and
// without --drafts: a draft image is served with it and not found without.
func TestServeCommandDrafts(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	draft := "---\nsummary: Not yet.\ncategories: [base]\ndraft: true\n---\nA draft image body.\n"
	if err := os.WriteFile(filepath.Join(dir, "content/images/draft.md"), []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		status int
	}{
		{nil, http.StatusNotFound},
		{[]string{"--drafts"}, http.StatusOK},
	} {
		t.Run(fmt.Sprint("serve", c.args), func(t *testing.T) {
			url := serveCommand(t, append([]string{"serve", "--source", dir, "--port", "0"}, c.args...)...)
			d := &devServer{url: url, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}}
			d.waitFor(t, "/images/demo/", http.StatusOK, "first version")
			if c.status == http.StatusOK {
				d.waitFor(t, "/images/draft/", c.status, "A draft image body.")
				d.waitFor(t, "/images/", c.status, `href="/images/draft/"`)
			} else {
				d.waitFor(t, "/images/draft/", c.status, "")
				if page := d.waitFor(t, "/images/", http.StatusOK, ""); strings.Contains(page, "/images/draft/") {
					t.Errorf("the image list links the draft")
				}
			}
		})
	}
}

// serveCommand runs the command line args (a serve on a free port) until
// the test ends, and returns the URL it says it serves at.
func serveCommand(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, args, &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-exit:
			if code != exitOK {
				t.Errorf("%q exited %d; stderr:\n%s", args, code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%q did not stop within 10 s", args)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, rest, ok := strings.Cut(stdout.String(), " at "); ok {
			url, _, _ := strings.Cut(rest, "\n")
			return url
		}
	}
	t.Fatalf("%q never said where it serves; stderr:\n%s", args, stderr.String())
	return ""
}

// TestBuildDay: the day end-of-life dates are compared with is midnight
// UTC of SOURCE_DATE_EPOCH's day, else of today; serve rebuilds
// incrementally only while that day stays the same value.
func TestBuildDay(t *testing.T) {
	for _, c := range []struct {
		epoch string
		want  time.Time
	}{
		{"1796169599", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, // 23:59:59
		{"1796169600", time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)},
		{"0", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Setenv("SOURCE_DATE_EPOCH", c.epoch)
		if got, err := buildDay(); err != nil || !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("SOURCE_DATE_EPOCH=%s: %v, %v; want %v", c.epoch, got, err, c.want)
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	before := time.Now().UTC()
	got, err := buildDay()
	after := time.Now().UTC()
	y, m, d := got.Date()
	if err != nil || !got.Equal(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) || got.Location() != time.UTC ||
		got.After(before) || got.Before(after.Truncate(24*time.Hour)) {
		t.Errorf("without SOURCE_DATE_EPOCH: %v, %v; want midnight UTC of %v", got, err, before)
	}
}

func TestVersionLine(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123"}}
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "sitegen (devel) "},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: rev}, "sitegen v1.2.3 go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: rev}, "sitegen (devel 0123456789ab) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Settings: rev}, "sitegen (devel 0123456789ab) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789ab"}}}, "sitegen (devel 0123456789ab) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789a"}}}, "sitegen (devel) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-11-30T12:00:00Z"}}}, "sitegen (devel) go1.26.8"},
	} {
		if got := versionLine(c.info); got != c.want {
			t.Errorf("versionLine(%+v) = %q, want %q", c.info, got, c.want)
		}
	}
}

// TestVersionText: after the version line, the commit an executable was
// built from, whether its checkout had changes, the commit's time and the
// platform, each when the build information has it.
func TestVersionText(t *testing.T) {
	full := []debug.BuildSetting{
		{Key: "GOARCH", Value: "arm64"}, {Key: "GOOS", Value: "linux"},
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-11-30T12:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "sitegen (devel) \n"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}}, "sitegen v1.2.3 go1.26.8\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: full},
			"sitegen (devel 0123456789ab) go1.26.8\n" +
				"revision: git 0123456789abcdef0123456789abcdef01234567 (modified: built with uncommitted changes)\n" +
				"committed: 2026-11-30T12:00:00Z\nplatform: linux/arm64\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789ab"}, {Key: "vcs.modified", Value: "false"}}},
			"sitegen v1.2.3 go1.26.8\nrevision: git 0123456789ab\n"},
	} {
		if got := versionText(c.info); got != c.want {
			t.Errorf("versionText(%+v) =\n%s\nwant\n%s", c.info, got, c.want)
		}
	}
}

// TestListenProblem: each reason serve cannot listen is told with what to
// do about it.
func TestListenProblem(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&net.OpError{Op: "listen", Err: os.NewSyscallError("bind", syscall.EADDRINUSE)},
			"port 8080 on 127.0.0.1 is already in use (another sitegen serve?); choose another port with --port, e.g. --port 8081"},
		{&net.OpError{Op: "listen", Err: os.NewSyscallError("bind", syscall.EACCES)},
			"not allowed to listen on port 8080; choose a port above 1023 with --port"},
		{errors.New("no such host"),
			"cannot listen on 127.0.0.1 port 8080: no such host (check --bind and --port)"},
	} {
		if got := listenProblem("127.0.0.1", 8080, c.err); got != c.want {
			t.Errorf("listenProblem(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// TestServePortRange: ports 0 to 65535 are taken (a serve whose context is
// already done stops as soon as it listens), others are bad usage.
func TestServePortRange(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		port string
		ok   bool
	}{{"-1", false}, {"0", true}, {"65535", true}, {"65536", false}} {
		var stdout, stderr lockedBuffer
		code := run(ctx, []string{"serve", "--source", "testdata/serve", "--port", c.port}, &stdout, &stderr)
		refused := strings.Contains(stderr.String(), "is not a TCP port")
		if refused == c.ok || !c.ok && code != exitUsage {
			t.Errorf("--port %s: exit %d, stderr %q", c.port, code, stderr.String())
		}
	}
}

// TestServeReports: serve says what each rebuild did: what changed and
// how many pages and stylesheets, the errors of a broken build, that it is
// fixed, or that nothing changed.
func TestServeReports(t *testing.T) {
	d := startServe(t)
	d.waitFor(t, "/images/demo/", 200, "first version")
	demo := d.read(t, "content/images/demo.md")
	const demoMD, otherMD = "content/images/demo.md", "content/images/other.md"
	for _, step := range []struct {
		file, content string
		out           **lockedBuffer
		want          string
	}{
		{demoMD, strings.Replace(demo, "first version", "second version", 1), &d.stdout,
			`content/images/demo.md: shown in \S+; 1 page changed, 0 stylesheets\n`},
		{demoMD, strings.Replace(demo, "---\nThe demo", "The demo", 1), &d.stderr,
			`content/images/demo.md: \S+: 1 error; the browser shows it until fixed\n`},
		{demoMD, demo, &d.stdout, `content/images/demo.md: shown in \S+; fixed, open pages updated\n`},
		// A body edit of a page no browser was given: nothing to tell.
		{otherMD, d.read(t, otherMD) + "\nMore.\n", &d.stdout, `content/images/other.md: shown in \S+; nothing open changed\n`},
	} {
		d.save(t, step.file, step.content)
		re := regexp.MustCompile(step.want)
		for deadline := time.Now().Add(10 * time.Second); !re.MatchString((*step.out).String()); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("serve never said %q; stdout:\n%s\nstderr:\n%s", step.want, d.stdout, d.stderr)
			}
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		changed []string
		want    string
	}{
		{[]string{"a.md"}, "a.md"},
		{[]string{"a.md", "b.md"}, "a.md, b.md"},
		{[]string{"a.md", "b.md", "c.md"}, "a.md and 2 more"},
	} {
		if got := describe(c.changed); got != c.want {
			t.Errorf("describe(%q) = %q, want %q", c.changed, got, c.want)
		}
	}
	if plural(0, "page", "pages") != "pages" || plural(1, "page", "pages") != "page" || plural(2, "page", "pages") != "pages" {
		t.Error("plural is wrong")
	}
}

// TestServeBindName: serve bound to a host name names it in its URL, not
// the address it resolved to.
func TestServeBindName(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stop as soon as it listens
	var stdout, stderr lockedBuffer
	if code := run(ctx, []string{"serve", "--source", "testdata/serve", "--bind", "localhost", "--port", "0"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !regexp.MustCompile(`Serving testdata/serve at http://localhost:\d+/\n`).MatchString(stdout.String()) {
		t.Errorf("stdout:\n%s", stdout.String())
	}
}
