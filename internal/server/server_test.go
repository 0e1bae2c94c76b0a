package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitegen/sitegen/internal/content"
)

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>` +
	`<link rel="stylesheet" href="/css/site.%s.css"></head><body><h1>%s</h1></body></html>`

// site is a small built site; css is the stylesheet's fingerprint.
func site(body, css string) fstest.MapFS {
	files := fstest.MapFS{
		"index.html":               {Data: fmt.Appendf(nil, page, "Home", css, body)},
		"images/go/index.html":     {Data: fmt.Appendf(nil, page, "Go", css, "Go image")},
		"404.html":                 {Data: fmt.Appendf(nil, page, "Not found", css, "Page not found")},
		"css/site." + css + ".css": {Data: []byte("body{color:red}")},
		"favicon.svg":              {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"catalog.json":             {Data: []byte(`{"images":[]}`)},
		"robots.txt":               {Data: []byte("User-agent: *\n")},
		"logo.png":                 {Data: []byte("\x89PNG\r\n\x1a\n....")},
	}
	return files
}

func newServer(t *testing.T, base string, out fstest.MapFS) *Server {
	t.Helper()
	s := New(base)
	if c := s.Swap(Build{Output: out}); c.None() {
		t.Fatal("first swap changed nothing")
	}
	t.Cleanup(s.Close)
	return s
}

// eachServer runs f on a server that swapped out in, and on one that
// serves it made on demand: the rules of serving are the same.
func eachServer(t *testing.T, base string, out fstest.MapFS, f func(t *testing.T, s *Server)) {
	t.Run("built", func(t *testing.T) { f(t, newServer(t, base, out)) })
	t.Run("made", func(t *testing.T) { f(t, madeServer(t, base, out)) })
}

func get(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServe(t *testing.T) {
	eachServer(t, "/", site("Welcome", "1a2b3c4d"), func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			target, status, ctype, contains, location string
		}{
			{"/", "200", "text/html; charset=utf-8", "<h1>Welcome</h1>", ""},
			{"/index.html", "200", "text/html; charset=utf-8", "<h1>Welcome</h1>", ""},
			{"/images/go/", "200", "text/html; charset=utf-8", "<h1>Go image</h1>", ""},
			{"/images/go", "302", "", "", "/images/go/"},
			{"/images/go?x=1", "302", "", "", "/images/go/?x=1"},
			{"/css/site.1a2b3c4d.css", "200", "text/css; charset=utf-8", "color:red", ""},
			{"/favicon.svg", "200", "image/svg+xml", "<svg", ""},
			{"/catalog.json", "200", "application/json", `"images"`, ""},
			{"/robots.txt", "200", "text/plain; charset=utf-8", "User-agent", ""},
			{"/logo.png", "200", "image/png", "PNG", ""},
			{"/nope/", "404", "text/html; charset=utf-8", "Page not found", ""},
			{"/images/nope", "404", "text/html; charset=utf-8", "Page not found", ""},
			{"/__sitegen/reload.js", "200", "text/javascript; charset=utf-8", "EventSource", ""},
			{"/__sitegen/other", "404", "text/html; charset=utf-8", "Page not found", ""},
		} {
			resp := get(t, s, "GET", tc.target)
			b := body(t, resp)
			if got := fmt.Sprint(resp.StatusCode); got != tc.status {
				t.Errorf("%s: status %s, want %s", tc.target, got, tc.status)
			}
			if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
				t.Errorf("%s: Content-Type %q, want %q", tc.target, resp.Header.Get("Content-Type"), tc.ctype)
			}
			if !strings.Contains(b, tc.contains) {
				t.Errorf("%s: body %q does not contain %q", tc.target, b, tc.contains)
			}
			if loc := resp.Header.Get("Location"); loc != tc.location {
				t.Errorf("%s: Location %q, want %q", tc.target, loc, tc.location)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", tc.target, cc)
			}
		}
	})
}

func TestNoPathEscapes(t *testing.T) {
	eachServer(t, "/", site("Welcome", "1a2b3c4d"), func(t *testing.T, s *Server) {
		for _, target := range []string{
			"/../etc/passwd",
			"/images/../../etc/passwd",
			"/%2e%2e/etc/passwd",
			"/images/%2E%2E/%2e%2e/etc/passwd",
			"/images/..%2f..%2fetc%2fpasswd",
			"/images/./go/",
			"/images//go/",
			"/images/%5c..%5c/x",
			"/images/%00",
		} {
			resp := get(t, s, "GET", target)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", target, resp.StatusCode)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: no Cache-Control", target)
			}
		}
	})
}

func TestMethods(t *testing.T) {
	eachServer(t, "/", site("Welcome", "1a2b3c4d"), func(t *testing.T, s *Server) {
		resp := get(t, s, "POST", "/")
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
		}
		resp = get(t, s, "HEAD", "/")
		if resp.StatusCode != 200 || body(t, resp) != "" || resp.Header.Get("Content-Length") == "" {
			t.Errorf("HEAD /: %d, body or length wrong", resp.StatusCode)
		}
		resp = get(t, s, "HEAD", "/nope")
		if resp.StatusCode != 404 || body(t, resp) != "" {
			t.Errorf("HEAD /nope: %d, body not empty", resp.StatusCode)
		}
	})
}

func TestInjection(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	built := string(out["index.html"].Data)
	eachServer(t, "/", out, func(t *testing.T, s *Server) {
		b := body(t, get(t, s, "GET", "/"))
		want := `<head><script src="/__sitegen/reload.js" data-version="` + s.Version() + `" data-file="index.html" defer></script><meta`
		if !strings.Contains(b, want) {
			t.Errorf("served page lacks %s right after <head>:\n%s", want, b)
		}
		if string(out["index.html"].Data) != built || strings.Contains(built, "__sitegen") {
			t.Error("the built output was changed")
		}
		b = body(t, get(t, s, "GET", "/nope/"))
		if !strings.Contains(b, `data-file="nope/index.html" data-missing="1"`) {
			t.Errorf("404 page lacks the reload script:\n%s", b)
		}
		if b := body(t, get(t, s, "GET", "/css/site.1a2b3c4d.css")); strings.Contains(b, "script") {
			t.Errorf("CSS got a script: %s", b)
		}
	})
}

func TestInject(t *testing.T) {
	tag := []byte("<S>")
	for in, want := range map[string]string{
		"<!doctype html><html><head><title>x</title></head>": "<!doctype html><html><head><S><title>x</title></head>",
		"<HTML><HEAD lang=en><title>":                        "<HTML><HEAD lang=en><S><title>",
		"<html><header>x</header>":                           "<html><S><header>x</header>",
		"<!DOCTYPE html><p>x":                                "<!DOCTYPE html><S><p>x",
		"<p>a fragment</p>":                                  "<p>a fragment</p>",
		"<head":                                              "<head",
	} {
		if got := string(inject([]byte(in), tag)); got != want {
			t.Errorf("inject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBasePath(t *testing.T) {
	eachServer(t, "/docs/", site("Welcome", "1a2b3c4d"), func(t *testing.T, s *Server) {
		for target, want := range map[string]int{
			"/docs/": 200, "/docs/images/go/": 200, "/docs/__sitegen/reload.js": 200,
			"/docs": 302, "/docs/images/go": 302, "/": 404, "/images/go/": 404,
		} {
			if got := get(t, s, "GET", target).StatusCode; got != want {
				t.Errorf("%s: status %d, want %d", target, got, want)
			}
		}
		if loc := get(t, s, "GET", "/docs/images/go").Header.Get("Location"); loc != "/docs/images/go/" {
			t.Errorf("redirect to %q", loc)
		}
		if b := body(t, get(t, s, "GET", "/docs/")); !strings.Contains(b, `src="/docs/__sitegen/reload.js"`) {
			t.Errorf("script not under the base path:\n%s", b)
		}
	})
}

func TestChanges(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	v1 := s.Version()

	if c := s.Swap(Build{Output: site("Welcome", "1a2b3c4d")}); !c.None() || s.Version() != v1 {
		t.Errorf("same build: %+v, version %s -> %s", c, v1, s.Version())
	}

	c := s.Swap(Build{Output: site("Hello", "1a2b3c4d")})
	if !slices.Equal(c.Pages, []string{"index.html"}) || c.Styles != nil || c.Reload || c.Failed {
		t.Errorf("content edit: %+v", c)
	}

	// A stylesheet edit renames it, which changes every page's link only.
	css := site("Hello", "9f8e7d6c")
	css["css/site.9f8e7d6c.css"] = &fstest.MapFile{Data: []byte("body{color:blue}")}
	c = s.Swap(Build{Output: css})
	if c.Pages != nil || !slices.Equal(c.Styles, []string{"css/site.9f8e7d6c.css"}) || c.Reload {
		t.Errorf("stylesheet edit: %+v", c)
	}

	img := site("Hello", "9f8e7d6c")
	img["css/site.9f8e7d6c.css"] = css["css/site.9f8e7d6c.css"]
	img["logo.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\nnew")}
	if c = s.Swap(Build{Output: img}); !c.Reload || c.Pages != nil {
		t.Errorf("image edit: %+v", c)
	}

	added := site("Hello", "9f8e7d6c")
	added["css/site.9f8e7d6c.css"] = css["css/site.9f8e7d6c.css"]
	added["logo.png"] = img["logo.png"]
	added["images/rust/index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Rust</html>")}
	added["catalog.json"] = &fstest.MapFile{Data: []byte(`{"images":["rust"]}`)}
	c = s.Swap(Build{Output: added})
	if !slices.Equal(c.Pages, []string{"images/rust/index.html"}) || !slices.Equal(c.Added, c.Pages) || c.Reload {
		t.Errorf("page added: %+v", c)
	}

	delete(added, "images/go/index.html")
	if c = s.Swap(Build{Output: added}); !slices.Equal(c.Pages, []string{"images/go/index.html"}) || c.Added != nil {
		t.Errorf("page removed: %+v", c)
	}
}

func TestBrokenBuild(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	src := fstest.MapFS{"content/images/go.md": {Data: []byte("---\ntitle: Go\nsummary: <b>x</b>\ncategories: [nope]\ntags: [latest]\n\nBody\n")}}
	broken := errors.Join(
		content.Errorf("content/images/go.md", 4, "unknown category %q", "nope"),
		content.Errorf("content/_index.md", 0, "missing: every site needs it"),
	)
	c := s.Swap(Build{Err: broken, Source: src})
	if !c.Failed || !c.ErrorsChanged || c.Reload || c.Files != 0 {
		t.Errorf("broken: %+v", c)
	}
	for _, target := range []string{"/", "/images/go/", "/nope"} {
		resp := get(t, s, "GET", target)
		b := body(t, resp)
		if resp.StatusCode != 500 {
			t.Errorf("%s: status %d, want 500", target, resp.StatusCode)
		}
		for _, want := range []string{
			`content/images/go.md:4</code>: unknown category &#34;nope&#34;`,
			`<span class="n">3</span>summary: &lt;b&gt;x&lt;/b&gt;`,
			`<span class="line bad"><span class="n">4</span>categories: [nope]</span>`,
			`<span class="n">7</span>Body`,
			`content/_index.md</code>: missing`,
			`data-error="1"`,
		} {
			if !strings.Contains(b, want) {
				t.Errorf("%s: error page lacks %s:\n%s", target, want, b)
			}
		}
		if strings.Contains(b, `<span class="n">8</span>`) {
			t.Errorf("%s: quotes more than 3 lines after", target)
		}
	}
	if resp := get(t, s, "GET", "/css/site.1a2b3c4d.css"); resp.StatusCode != 200 {
		t.Errorf("assets not served while broken: %d", resp.StatusCode)
	}
	if c := s.Swap(Build{Err: broken, Source: src}); !c.None() {
		t.Errorf("same errors again: %+v", c)
	}
	c = s.Swap(Build{Output: site("Welcome", "1a2b3c4d")})
	if c.Failed || !c.ErrorsChanged || c.Reload || c.None() {
		t.Errorf("mended: %+v", c)
	}
	if resp := get(t, s, "GET", "/"); resp.StatusCode != 200 {
		t.Errorf("mended: status %d", resp.StatusCode)
	}
}

// TestSwapIsAtomic serves while swapping: every page must come whole from
// one build, its body matching the version in its script tag.
func TestSwapIsAtomic(t *testing.T) {
	s := newServer(t, "/", site("build-1", "1a2b3c4d"))
	versions := map[string]string{s.Version(): "build-1"}
	var mu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				b := body(t, get(t, s, "GET", "/"))
				v := between(b, `data-version="`, `"`)
				mu.Lock()
				want, known := versions[v]
				mu.Unlock()
				if known && !strings.Contains(b, "<h1>"+want+"</h1>") {
					t.Errorf("version %s served with the wrong body: %s", v, b)
				}
			}
		}()
	}
	for i := 2; i <= 50; i++ {
		name := fmt.Sprintf("build-%d", i)
		mu.Lock()
		// The version is known before readers can see it: s.start plus the count.
		versions[fmt.Sprintf("%s.%d", s.start, i)] = name
		mu.Unlock()
		s.Swap(Build{Output: site(name, "1a2b3c4d")})
	}
	close(stop)
	wg.Wait()
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

// sseClient reads events from a live stream.
type sseClient struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

func openEvents(t *testing.T, url string) *sseClient {
	t.Helper()
	// A stream that misses an event fails the read in 10 s, not hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("events Cache-Control %q", cc)
	}
	return &sseClient{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next event's name and data.
func (c *sseClient) next() (string, string, error) {
	var name, data string
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name, data, nil
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
}

func TestEvents(t *testing.T) {
	s := newServer(t, "/docs/", site("Welcome", "1a2b3c4d"))
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := openEvents(t, ts.URL+"/docs/__sitegen/events")

	name, data, err := c.next()
	if err != nil || name != "hello" || !strings.Contains(data, `"version":"`+s.Version()+`"`) {
		t.Fatalf("hello: %q %q %v", name, data, err)
	}

	css := site("Welcome", "9f8e7d6c")
	s.Swap(Build{Output: css})
	name, data, err = c.next()
	if err != nil || name != "change" {
		t.Fatalf("change: %q %q %v", name, data, err)
	}
	var ev event
	if err := json.Unmarshal([]byte(data), &ev); err != nil {
		t.Fatal(err)
	}
	want := event{Version: s.Version(), Pages: []string{}, Added: []string{}, CSS: []string{"/docs/css/site.9f8e7d6c.css"}}
	if fmt.Sprint(ev) != fmt.Sprint(want) {
		t.Errorf("event = %+v, want %+v", ev, want)
	}

	s.Swap(Build{Err: content.Errorf("content/x.md", 1, "bad")})
	_, data, _ = c.next()
	if !strings.Contains(data, `"error":true,"reload":false,"errors":true`) {
		t.Errorf("broken build event: %s", data)
	}

	done := make(chan error, 1)
	go func() {
		_, _, err := c.next()
		done <- err
	}()
	s.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("stream still open after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the stream")
	}
	resp := get(t, s, "GET", "/docs/__sitegen/events")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("events after Close: %d", resp.StatusCode)
	}
}

func TestEventsReplay(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the streams below are closed
	v1 := s.Version()
	s.Swap(Build{Output: site("Hello", "1a2b3c4d")})
	v2 := s.Version()
	s.Swap(Build{Output: site("Hello", "9f8e7d6c")})
	v3 := s.Version()

	// A page served at v1 that connects late gets what it missed.
	c := openEvents(t, ts.URL+"/__sitegen/events?since="+v1)
	if name, data, _ := c.next(); name != "hello" || !strings.Contains(data, `"`+v1+`"`) {
		t.Fatalf("late page: hello %s %s, want version %s", name, data, v1)
	}
	for _, want := range []string{v2, v3} {
		if name, data, _ := c.next(); name != "change" || !strings.Contains(data, `"version":"`+want+`"`) {
			t.Fatalf("late page: %s %s, want the change to %s", name, data, want)
		}
	}

	// EventSource reconnecting sends the last id it saw.
	req, _ := http.NewRequest("GET", ts.URL+"/__sitegen/events?since="+v1, nil)
	req.Header.Set("Last-Event-ID", v3)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rc := &sseClient{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
	if name, data, _ := rc.next(); name != "hello" || !strings.Contains(data, `"`+v3+`"`) {
		t.Fatalf("reconnect: hello %s %s, want version %s", name, data, v3)
	}

	// A page from another run of the server is told the current version.
	c = openEvents(t, ts.URL+"/__sitegen/events?since=other.7")
	if name, data, _ := c.next(); name != "hello" || !strings.Contains(data, `"`+v3+`"`) {
		t.Fatalf("unknown version: hello %s %s, want version %s", name, data, v3)
	}
}

func TestChangeEventHasID(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	c := s.Swap(Build{Output: site("Hello", "1a2b3c4d")})
	if ev := string(s.changeEvent(c, nil)); !strings.HasPrefix(ev, "id: "+c.Version+"\nevent: change\ndata: {") {
		t.Errorf("event = %q", ev)
	}
}

// TestShutdown checks that http.Server.Shutdown does not wait for open
// streams when Close is registered.
func TestShutdown(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	ts := httptest.NewUnstartedServer(s)
	ts.Config.RegisterOnShutdown(s.Close)
	ts.Start()
	defer ts.Close()
	c := openEvents(t, ts.URL+"/__sitegen/events")
	if _, _, err := c.next(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Config.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}
