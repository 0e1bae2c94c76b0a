package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutine and the
// test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// devServer is a running serve on a temp copy of testdata/serve.
type devServer struct {
	dir, url       string
	stdout, stderr *lockedBuffer
	stop           context.CancelFunc
	exit           chan int
}

// startServe copies testdata/serve to a temp folder and serves it on a free
// loopback port until the test ends.
func startServe(t *testing.T) *devServer {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	return serveOn(t, dir, "127.0.0.1:0")
}

// restart stops d and serves its folder again on the same address.
func (d *devServer) restart(t *testing.T) *devServer {
	t.Helper()
	if code := d.shutdown(t); code != exitOK {
		t.Fatalf("serve exited %d; stderr:\n%s", code, d.stderr)
	}
	return serveOn(t, d.dir, strings.TrimSuffix(strings.TrimPrefix(d.url, "http://"), "/"))
}

// serveOn serves dir on addr until the test ends.
func serveOn(t *testing.T, dir, addr string) *devServer {
	t.Helper()
	return serveWith(t, serveConfig{source: dir, quiet: 30 * time.Millisecond}, addr)
}

// serveWith serves as cfg says on addr until the test ends.
func serveWith(t *testing.T, cfg serveConfig, addr string) *devServer {
	t.Helper()
	dir := cfg.source
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &devServer{dir: dir, url: "http://" + ln.Addr().String() + "/",
		stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, stop: cancel, exit: make(chan int, 1)}
	go func() {
		d.exit <- serve(ctx, cfg, ln, d.stdout, d.stderr)
	}()
	t.Cleanup(func() {
		if code := d.shutdown(t); code != exitOK {
			t.Errorf("serve exited %d; stderr:\n%s", code, d.stderr)
		}
	})
	return d
}

// shutdown stops the server as Ctrl-C would and returns its exit code.
func (d *devServer) shutdown(t *testing.T) int {
	d.stop()
	select {
	case code := <-d.exit:
		d.exit <- code // for a second call
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s")
		return -1
	}
}

func (d *devServer) write(t *testing.T, rel, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(d.dir, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// save writes a file as most editors do: to a temp file, renamed over it.
func (d *devServer) save(t *testing.T, rel, data string) {
	t.Helper()
	p := filepath.Join(d.dir, filepath.FromSlash(rel))
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func (d *devServer) read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// waitFor polls path until its status and body are as wanted.
func (d *devServer) waitFor(t *testing.T, path string, status int, contains string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get(d.url + strings.TrimPrefix(path, "/"))
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = strconv.Itoa(resp.StatusCode) + " " + string(b)
			if resp.StatusCode == status && strings.Contains(string(b), contains) {
				return string(b)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("GET %s never gave %d with %q; last: %.600s\nstdout:\n%s\nstderr:\n%s", path, status, contains, last, d.stdout, d.stderr)
	return ""
}

func TestServeRebuildsAndRecovers(t *testing.T) {
	d := startServe(t)
	page := d.waitFor(t, "/images/demo/", 200, "first version")
	if !strings.Contains(page, `<script src="/__sitegen/reload.js"`) {
		t.Errorf("served page has no reload script")
	}
	if !strings.Contains(d.stdout.String(), "Serving "+d.dir+" at "+d.url) {
		t.Errorf("stdout does not name the URL:\n%s", d.stdout)
	}

	demo := d.read(t, "content/images/demo.md")
	d.write(t, "content/images/demo.md", strings.Replace(demo, "first version", "second version", 1))
	d.waitFor(t, "/images/demo/", 200, "second version")

	d.write(t, "content/images/demo.md", strings.Replace(demo, "---\nThe demo", "The demo", 1)) // front matter never closed
	d.waitFor(t, "/images/demo/", 500, "content/images/demo.md:1")
	d.waitFor(t, "/", 500, "content/images/demo.md:1")

	d.write(t, "content/images/demo.md", demo)
	d.waitFor(t, "/images/demo/", 200, "first version")
	if _, err := os.Stat(filepath.Join(d.dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote public/: %v", err)
	}
}

func TestServeStartsBroken(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/_index.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	var stdout, stderr lockedBuffer
	go func() { exit <- serve(ctx, serveConfig{source: dir}, ln, &stdout, &stderr) }()
	d := &devServer{dir: dir, url: "http://" + ln.Addr().String() + "/", stdout: &stdout, stderr: &stderr}
	d.waitFor(t, "/", 500, "content/_index.md:2")
	cancel()
	select {
	case code := <-exit:
		if code != exitOK {
			t.Errorf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), "content/_index.md:2:") {
		t.Errorf("stderr lacks the error:\n%s", stderr.String())
	}
}

func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--source", "testdata/serve", "--port", port}, &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"port " + port, "already in use", "--port"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "extra"},
		{"serve", "--port", "70000"},
		{"serve", "--source", "testdata/nope"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d; stderr %s", args, code, exitUsage, stderr.String())
		}
	}
}

// TestServeAnswersBeforeTheBuild holds the first site's check, which
// makes every page: pages are answered meanwhile, made on demand. Once the
// check is let go and finds nothing, an open page is told nothing (no
// update, no reload), and is served the same bytes at the same version.
func TestServeAnswersBeforeTheBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	cfg := serveConfig{source: dir, quiet: 30 * time.Millisecond, opened: func() {
		close(held)
		<-release
	}}
	d := serveWith(t, cfg, "127.0.0.1:0")
	defer func() {
		select {
		case <-release:
		default:
			close(release) // let the check go, so that serve can stop
		}
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatalf("the site was not opened within 10 s; stderr:\n%s", d.stderr)
	}
	before := d.waitFor(t, "/images/demo/", 200, "first version")
	if strings.Contains(d.stdout.String(), "Built") {
		t.Fatalf("the check finished while held:\n%s", d.stdout)
	}
	d.waitFor(t, "/nope/", 404, "")
	version := between(before, `data-version="`, `"`)
	events := openEvents(t, d.url+"__sitegen/events?since="+version+"&page=images/demo/index.html")
	if name, data := events.next(t); name != "hello" || !strings.Contains(data, version) {
		t.Fatalf("hello: %s %s, want version %s", name, data, version)
	}

	close(release)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(d.stdout.String(), "Built "); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("stdout lacks the build:\n%s", d.stdout)
		}
	}
	if after := d.waitFor(t, "/images/demo/", 200, "first version"); after != before {
		t.Errorf("the checked site's page differs from the one served before:\n%s\n---\n%s", before, after)
	}
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

// sseStream reads a live-reload stream.
type sseStream struct{ r *bufio.Reader }

func openEvents(t *testing.T, url string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &sseStream{bufio.NewReader(resp.Body)}
}

// next returns the next event's name and data, failing the test when the
// stream ends first.
func (s *sseStream) next(t *testing.T) (string, string) {
	t.Helper()
	var name, data string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatalf("events: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name, data
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
}

// TestServeStopsDuringFirstBuild checks that Ctrl-C stops the server
// while the first build still runs.
func TestServeStopsDuringFirstBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	d := serveWith(t, serveConfig{source: dir, opened: func() { close(held); <-release }}, "127.0.0.1:0")
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatalf("the site was not opened within 10 s; stderr:\n%s", d.stderr)
	}
	if code := d.shutdown(t); code != exitOK {
		t.Errorf("exit %d while the first build ran; stderr:\n%s", code, d.stderr)
	}
	if !strings.Contains(d.stdout.String(), "Stopped.") || strings.Contains(d.stdout.String(), "Built") {
		t.Errorf("stdout:\n%s", d.stdout)
	}
}

// TestServeEditDuringFirstBuild saves a file while the first site is
// being made, with the watcher already running: the edit's first event
// comes before there is a check to stop, and serve must go on to serve
// the edited page.
func TestServeEditDuringFirstBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	d := serveWith(t, serveConfig{source: dir, quiet: 30 * time.Millisecond, opening: func() { close(held); <-release }}, "127.0.0.1:0")
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatalf("the first build did not start within 10 s; stderr:\n%s", d.stderr)
	}
	p := filepath.Join(dir, "content/images/demo.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte("first version"), []byte("edited while opening"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the watcher's first event is taken while the build is held
	close(release)
	d.waitFor(t, "/images/demo/", 200, "edited while opening")
	if code := d.shutdown(t); code != exitOK {
		t.Errorf("exit %d; stderr:\n%s", code, d.stderr)
	}
	if e := d.stderr.String(); e != "" {
		t.Errorf("stderr:\n%s", e)
	}
}

// TestServeSavesFrontMatter: the cache of parsed front matter is written
// (after the first site is served, so that a first start at 100,000
// images does not wait for it), and a start that reads it serves the same.
func TestServeSavesFrontMatter(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	pack := filepath.Join(t.TempDir(), "site.front.pack")
	cfg := serveConfig{source: dir, pack: pack, quiet: 30 * time.Millisecond}
	d := serveWith(t, cfg, "127.0.0.1:0")
	first := d.waitFor(t, "/images/demo/", 200, "first version")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if info, err := os.Stat(pack); err == nil && info.Size() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cache written at %s; stderr:\n%s", pack, d.stderr)
		}
	}
	if code := d.shutdown(t); code != exitOK {
		t.Fatalf("serve exited %d", code)
	}
	again := serveWith(t, cfg, "127.0.0.1:0")
	page := again.waitFor(t, "/images/demo/", 200, "first version")
	version := regexp.MustCompile(`data-version="[^"]*"`) // each server's own
	page = strings.ReplaceAll(page, again.url, d.url)     // on another port
	if version.ReplaceAllString(page, "") != version.ReplaceAllString(first, "") {
		t.Errorf("the page served from the cache differs:\n%s\nfrom\n%s", page, first)
	}
}

// TestFrontPack checks where serve keeps its cache of parsed front
// matter: in the cache folder, beside the build's pack, under its own name.
func TestFrontPack(t *testing.T) {
	dir := t.TempDir()
	p, err := frontPack(dir, "site")
	if err != nil || filepath.Dir(p) != dir || !strings.HasSuffix(p, ".front.pack") {
		t.Errorf("frontPack = %q, %v; want a .front.pack file in %s", p, err, dir)
	}
}

// TestServeDropsSlowHeaders: a client that connects and never finishes its
// request's headers is dropped, instead of holding its connection open for
// ever. serve's bound, 10 s, is read through a test hook (a test that
// waited it out would take 10 s), and shortened there so that the test sees
// the connection closed by the server that serves the site.
func TestServeDropsSlowHeaders(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	bound := make(chan time.Duration, 1)
	d := serveWith(t, serveConfig{source: dir, listening: func(hs *http.Server) {
		bound <- hs.ReadHeaderTimeout
		hs.ReadHeaderTimeout = 200 * time.Millisecond
	}}, "127.0.0.1:0")
	if b := <-bound; b <= 0 || b > 10*time.Second {
		t.Errorf("the server waits %v for a request's headers; want a bound of at most 10s", b)
	}
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(d.url, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	conn.SetReadDeadline(start.Add(10 * time.Second))
	n, err := conn.Read(make([]byte, 512))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("a request's headers left unfinished held the connection for %v", time.Since(start))
	}
	if n != 0 || err != io.EOF {
		t.Errorf("the unfinished request got %d bytes, %v; want the connection closed", n, err)
	}
}
