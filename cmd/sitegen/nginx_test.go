package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/browsertest"
)

// brotliModule is where Debian's libnginx-mod-http-brotli-static puts
// the brotli_static module.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// TestNginx serves a site built with --compress from a real nginx, with
// the server block the README's Publishing section shows, and checks
// pretty URLs, the 404 page and that a browser accepting gzip (and
// Brotli, when nginx has the module) gets the precompressed copy. It is
// skipped where nginx is not installed (apt-get install nginx-light),
// except in CI, where that fails it.
func TestNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			browsertest.Missing(t, "no nginx on PATH (apt-get install nginx-light)")
			return
		}
		bin = "/usr/sbin/nginx"
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1795737600")
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "--source", "../..", "--dest", public, "--no-cache", "--compress"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build exited %d: %s", code, stderr.String())
	}
	_, brotli := os.Stat(brotliModule)
	addr := startNginx(t, bin, dir, public, brotli == nil)

	get := func(path, encoding string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding) // and the client leaves the body as sent
		}
		client := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	body := func(resp *http.Response) []byte {
		t.Helper()
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	file := func(name string) []byte { return readFile(t, filepath.Join(public, name)) }
	page := "images/python/index.html"

	// Pretty URLs: a folder's index.html, and a redirect to the slash.
	if resp := get("/images/python/", ""); resp.StatusCode != 200 || !bytes.Equal(body(resp), file(page)) {
		t.Errorf("/images/python/: %s, not the page", resp.Status)
	}
	if resp := get("/images/python", ""); resp.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(resp.Header.Get("Location"), "/images/python/") {
		t.Errorf("/images/python: %s to %q, want a redirect to /images/python/", resp.Status, resp.Header.Get("Location"))
	}
	// The 404 page, with its status.
	if resp := get("/images/nope/", ""); resp.StatusCode != 404 || !bytes.Equal(body(resp), file("404.html")) {
		t.Errorf("/images/nope/: %s, not the 404 page", resp.Status)
	}
	// gzip_static: the .gz copy, as it is on disk.
	resp := get("/images/python/", "gzip")
	if got := body(resp); resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(got, file(page+".gz")) {
		t.Errorf("gzip: Content-Encoding %q, %d bytes; want the %d bytes of %s.gz", resp.Header.Get("Content-Encoding"), len(got), len(file(page+".gz")), page)
	}
	if brotli != nil {
		t.Logf("brotli_static not tested: no %s (apt-get install libnginx-mod-http-brotli-static)", brotliModule)
		return
	}
	resp = get("/images/python/", "br, gzip")
	if got := body(resp); resp.Header.Get("Content-Encoding") != "br" || !bytes.Equal(got, file(page+".br")) {
		t.Errorf("br: Content-Encoding %q, %d bytes; want the %d bytes of %s.br", resp.Header.Get("Content-Encoding"), len(got), len(file(page+".br")), page)
	}
}

// startNginx runs nginx in the foreground, one process, on a free port of
// 127.0.0.1, serving public with the README's server block; it is stopped
// when the test ends. It returns the address.
func startNginx(t *testing.T, bin, dir, public string, brotli bool) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no nginx block")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	server := string(m[1])
	for old, repl := range map[string]string{
		"listen 80;":                    "listen " + addr + ";",
		"root /srv/docs/public;":        "root " + public + ";",
		"# brotli_static on;":           map[bool]string{true: "brotli_static on;", false: "# brotli_static on;"}[brotli],
		"server_name docs.example.org;": "server_name localhost;",
	} {
		if !strings.Contains(server, old) {
			t.Fatalf("the README's nginx block has no %q", old)
		}
		server = strings.Replace(server, old, repl, 1)
	}
	load := ""
	if brotli {
		load = "load_module " + brotliModule + ";\n"
	}
	conf := fmt.Sprintf(`%sdaemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events {}
http {
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
%[3]s
}
`, load, dir, server)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return addr
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx exited: %s%s\nconfig:\n%s", out.String(), log, conf)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s in 20s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
