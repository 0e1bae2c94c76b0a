package server

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
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

// fakePreview previews a MapFS; the files in fail cannot be made.
type fakePreview struct {
	out  fstest.MapFS
	fail map[string]bool

	mu    sync.Mutex
	asked map[string]int // File calls by name
}

func newFakePreview(out fstest.MapFS) *fakePreview {
	return &fakePreview{out: out, fail: map[string]bool{}, asked: map[string]int{}}
}

func (p *fakePreview) Has(name string) bool { _, ok := p.out[name]; return ok }

func (p *fakePreview) File(name string) ([]byte, error) {
	p.mu.Lock()
	p.asked[name]++
	p.mu.Unlock()
	switch f, ok := p.out[name]; {
	case !ok:
		return nil, fs.ErrNotExist
	case p.fail[name]:
		return nil, content.Errorf("content/x.md", 3, "cannot render")
	default:
		return f.Data, nil
	}
}

func (p *fakePreview) calls(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.asked[name]
}

// previewServer serves a preview of out, as if its build were under way.
func previewServer(t *testing.T, base string, out fstest.MapFS) *Server {
	t.Helper()
	s := New(base)
	s.SetPreview(newFakePreview(out))
	t.Cleanup(s.Close)
	return s
}

// getCtx serves one request with ctx, in the test's goroutine.
func getCtx(ctx context.Context, h http.Handler, target string) *http.Response {
	req := httptest.NewRequestWithContext(ctx, "GET", target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// TestWaitsForSomethingToServe checks that a request before the first
// build or preview waits for one instead of getting a 404, for as long as
// the request lasts.
func TestWaitsForSomethingToServe(t *testing.T) {
	s := New("/")
	t.Cleanup(s.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if resp := getCtx(ctx, s, "/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a request that ended while nothing was built: %d, want 503", resp.StatusCode)
	}
	if resp := get(t, s, "GET", "/__sitegen/reload.js"); resp.StatusCode != 200 {
		t.Errorf("the reload script waited: %d", resp.StatusCode)
	}

	got := make(chan *http.Response)
	go func() { got <- getCtx(context.Background(), s, "/images/go/") }()
	s.SetPreview(newFakePreview(site("Welcome", "1a2b3c4d")))
	resp := <-got
	if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, "Go image") {
		t.Errorf("a request waiting for the preview: %d %s", resp.StatusCode, b)
	}

	// Close ends the waits.
	s2 := New("/")
	go func() { got <- getCtx(context.Background(), s2, "/") }()
	s2.Close()
	if resp := <-got; resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a request waiting when the server closed: %d, want 503", resp.StatusCode)
	}
}

// TestPreviewThenSameBuild checks that the build that follows its preview
// with the same bytes changes nothing for the pages the preview served:
// the change event lists no page, no addition, no stylesheet, and asks no
// reload, both live and replayed to a page that connects late.
func TestPreviewThenSameBuild(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := previewServer(t, "/", out)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	v0 := s.Version()
	for _, target := range []string{"/", "/images/go/", "/css/site.1a2b3c4d.css", "/nope/"} {
		b := body(t, get(t, s, "GET", target))
		if strings.HasSuffix(target, "/") && !strings.Contains(b, `data-version="`+v0+`"`) {
			t.Errorf("%s: not served at version %s:\n%s", target, v0, b)
		}
	}
	live := openEvents(t, ts.URL+"/__sitegen/events?since="+v0)
	if name, data, _ := live.next(); name != "hello" || !strings.Contains(data, v0) {
		t.Fatalf("hello %s %s, want %s", name, data, v0)
	}

	c := s.Swap(Build{Output: out})
	if c.None() || c.Pages != nil || c.Added != nil || c.Styles != nil || c.Reload || c.Failed {
		t.Errorf("the build after its preview: %+v", c)
	}
	want := event{Version: s.Version(), Pages: []string{}, Added: []string{}, CSS: []string{}}
	late := openEvents(t, ts.URL+"/__sitegen/events?since="+v0)
	if name, data, _ := late.next(); name != "hello" || !strings.Contains(data, v0) {
		t.Errorf("a page from the preview connecting late: hello %s %s, want %s (no reload)", name, data, v0)
	}
	for who, c := range map[string]*sseClient{"live": live, "late": late} {
		name, data, err := c.next()
		var ev event
		if err != nil || name != "change" || json.Unmarshal([]byte(data), &ev) != nil || !sameEvent(ev, want) {
			t.Errorf("%s: %s %s %v, want %+v", who, name, data, err, want)
		}
	}
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, `data-version="`+s.Version()+`"`) {
		t.Errorf("after the swap, not served from the build:\n%s", b)
	}
}

func sameEvent(a, b event) bool {
	return a.Version == b.Version && a.Error == b.Error && a.Reload == b.Reload &&
		slices.Equal(a.Pages, b.Pages) && slices.Equal(a.Added, b.Added) && slices.Equal(a.CSS, b.CSS)
}

// TestPreviewThenChangedBuild checks that what differs from what the
// preview served, and only that, is a change.
func TestPreviewThenChangedBuild(t *testing.T) {
	s := previewServer(t, "/", site("Welcome", "1a2b3c4d"))
	get(t, s, "GET", "/")
	get(t, s, "GET", "/css/site.1a2b3c4d.css")
	next := site("Hello", "1a2b3c4d") // the home page differs
	next["images/go/index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Go, not as previewed</html>")}
	next["images/rust/index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Rust</html>")}
	next["css/site.1a2b3c4d.css"] = &fstest.MapFile{Data: []byte("body{color:blue}")}
	c := s.Swap(Build{Output: next})
	if !slices.Equal(c.Pages, []string{"images/rust/index.html", "index.html"}) ||
		!slices.Equal(c.Added, []string{"images/rust/index.html"}) ||
		!slices.Equal(c.Styles, []string{"css/site.1a2b3c4d.css"}) || c.Reload {
		t.Errorf("change after a preview: %+v", c)
	}
}

// TestPreviewThenBrokenBuild checks that a first build that fails brings
// the error page, to every page, as a broken build does.
func TestPreviewThenBrokenBuild(t *testing.T) {
	s := previewServer(t, "/", site("Welcome", "1a2b3c4d"))
	get(t, s, "GET", "/")
	c := s.Swap(Build{Err: content.Errorf("content/images/go.md", 9, `broken link "/images/nope/"`)})
	if !c.Failed || !c.Reload || !c.ErrorsChanged {
		t.Errorf("broken first build: %+v", c)
	}
	for _, target := range []string{"/", "/images/go/", "/nope"} {
		resp := get(t, s, "GET", target)
		if b := body(t, resp); resp.StatusCode != 500 || !strings.Contains(b, "content/images/go.md:9") {
			t.Errorf("%s: %d, want the error page:\n%s", target, resp.StatusCode, b)
		}
	}
}

// TestPreviewPageFails checks that a page the preview cannot make waits
// for the build, and is served from it.
func TestPreviewPageFails(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	p := newFakePreview(out)
	p.fail["images/go/index.html"] = true
	s := New("/")
	t.Cleanup(s.Close)
	s.SetPreview(p)
	got := make(chan *http.Response)
	go func() { got <- getCtx(context.Background(), s, "/images/go/") }()
	for deadline := time.Now().Add(10 * time.Second); p.calls("images/go/index.html") == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the request never asked the preview")
		}
		time.Sleep(time.Millisecond)
	}
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "Welcome") {
		t.Errorf("other pages not served meanwhile: %s", b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if resp := getCtx(ctx, s, "/images/go/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a request that ended while it waited for the build: %d, want 503", resp.StatusCode)
	}
	built := site("Welcome", "1a2b3c4d")
	built["images/go/index.html"] = &fstest.MapFile{Data: []byte("<html><head></head>Go, built</html>")}
	s.Swap(Build{Output: built})
	resp := <-got
	if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, "Go, built") || !strings.Contains(b, s.Version()) {
		t.Errorf("a page the preview could not make: %d %s", resp.StatusCode, b)
	}
}

// TestPreviewAfterSwapIgnored checks that a preview never replaces a build.
func TestPreviewAfterSwapIgnored(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	s.SetPreview(newFakePreview(site("Preview", "1a2b3c4d")))
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "Welcome") {
		t.Errorf("a preview replaced the build: %s", b)
	}
}

// TestPreviewSwapRace serves a preview from many goroutines while the
// build is swapped in: each answer is whole, from the preview or the
// build (run with -race).
func TestPreviewSwapRace(t *testing.T) {
	s := previewServer(t, "/", site("preview", "1a2b3c4d"))
	v0 := s.Version()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				b := body(t, get(t, s, "GET", "/"))
				if !(strings.Contains(b, "preview") && strings.Contains(b, v0)) && !strings.Contains(b, "build") {
					errs <- errors.New(b)
					return
				}
			}
		})
	}
	s.Swap(Build{Output: site("build", "1a2b3c4d")})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("mixed answer: %v", err)
	}
}
