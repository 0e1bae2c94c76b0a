package server

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/content"
)

// fakeSite is a Site made from a MapFS, each file's key its bytes' sum;
// the files in fail cannot be made, and stale gives files a new key with
// the same bytes.
type fakeSite struct {
	out   fstest.MapFS
	fail  map[string]bool
	stale map[string]bool

	mu    sync.Mutex
	asked map[string]int // File calls by name
}

func newFakeSite(out fstest.MapFS) *fakeSite {
	return &fakeSite{out: out, fail: map[string]bool{}, stale: map[string]bool{}, asked: map[string]int{}}
}

func (p *fakeSite) Names() []string      { return slices.Sorted(maps.Keys(p.out)) }
func (p *fakeSite) Has(name string) bool { _, ok := p.out[name]; return ok }

func (p *fakeSite) Key(name string) uint64 {
	f, ok := p.out[name]
	if !ok {
		return 0
	}
	sum := sha256.Sum256(f.Data)
	k := binary.LittleEndian.Uint64(sum[:8])
	if p.stale[name] {
		k++
	}
	return k
}

func (p *fakeSite) File(name string) ([]byte, error) {
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

func (p *fakeSite) calls(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.asked[name]
}

// madeServer serves out as a site made on demand.
func madeServer(t *testing.T, base string, out fstest.MapFS) *Server {
	t.Helper()
	s := New(base)
	if c := s.Swap(Build{Site: newFakeSite(out)}); c.None() {
		t.Fatal("first swap changed nothing")
	}
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
// Swap waits for it instead of getting a 404, for as long as the request
// lasts.
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
	s.Swap(Build{Site: newFakeSite(site("Welcome", "1a2b3c4d"))})
	resp := <-got
	if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, "Go image") {
		t.Errorf("a request waiting for the first site: %d %s", resp.StatusCode, b)
	}

	// Close ends the waits.
	s2 := New("/")
	go func() { got <- getCtx(context.Background(), s2, "/") }()
	s2.Close()
	if resp := <-got; resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a request waiting when the server closed: %d, want 503", resp.StatusCode)
	}
}

// TestMadeSiteChanges checks what a Swap of a site made on demand tells
// browsers: a page no browser was given is not listed; a page served is
// listed when its key changed; a page open in a browser (its stream names
// it) is made at once and listed only when its bytes changed; a new
// stylesheet is listed; and a Swap that changes nothing a browser has
// keeps the version and sends nothing.
func TestMadeSiteChanges(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := madeServer(t, "/", out)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	body(t, get(t, s, "GET", "/"))
	body(t, get(t, s, "GET", "/images/go/"))
	v1 := s.Version()
	stream := openEvents(t, ts.URL+"/__sitegen/events?since="+v1+"&page=images/go/index.html")
	if name, _, _ := stream.next(); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}

	// The open page's key changes but not its bytes; 404.html was never
	// served: nothing to tell.
	next := newFakeSite(out)
	next.stale["images/go/index.html"] = true
	next.stale["404.html"] = true
	if c := s.Swap(Build{Site: next}); !c.None() {
		t.Errorf("a swap that changed nothing a browser has: %+v", c)
	}
	if s.Version() != v1 {
		t.Errorf("version moved from %s to %s", v1, s.Version())
	}
	if next.calls("images/go/index.html") != 1 || next.calls("404.html") != 0 {
		t.Errorf("made the open page %d times and the unserved one %d times, want 1 and 0",
			next.calls("images/go/index.html"), next.calls("404.html"))
	}

	// The open page and the served home page change; the stylesheet too.
	changed := site("Welcome back", "9f8e7d6c")
	changed["images/go/index.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(out["images/go/index.html"].Data), "Go image", "Go image, edited", 1))}
	c := s.Swap(Build{Site: newFakeSite(changed)})
	if !slices.Equal(c.Pages, []string{"images/go/index.html", "index.html"}) || !slices.Equal(c.Styles, []string{"css/site.9f8e7d6c.css"}) || c.Reload {
		t.Errorf("change %+v", c)
	}
	if name, data, _ := stream.next(); name != "change" || !strings.Contains(data, `"images/go/index.html"`) {
		t.Errorf("the open page got %s %s", name, data)
	}
}

// TestMadePageFails checks that a page that cannot be made is answered
// with its problems, status 500, with the reload script, so that it
// recovers by itself.
func TestMadePageFails(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	fake := newFakeSite(out)
	fake.fail["images/go/index.html"] = true
	s := New("/")
	t.Cleanup(s.Close)
	s.Swap(Build{Site: fake})
	resp := get(t, s, "GET", "/images/go/")
	b := body(t, resp)
	if resp.StatusCode != 500 || !strings.Contains(b, "content/x.md:3") || !strings.Contains(b, "reload.js") {
		t.Errorf("a page that cannot be made: %d\n%s", resp.StatusCode, b)
	}
	if resp := get(t, s, "GET", "/"); resp.StatusCode != 200 {
		t.Errorf("another page: %d", resp.StatusCode)
	}
}

// TestBuiltThenMade checks that a built site and a site made on demand
// can follow each other.
func TestBuiltThenMade(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	body(t, get(t, s, "GET", "/"))
	c := s.Swap(Build{Site: newFakeSite(site("Hello", "1a2b3c4d"))})
	if !slices.Equal(c.Pages, []string{"index.html"}) {
		t.Errorf("built, then made: %+v", c)
	}
	c = s.Swap(Build{Output: site("Hello again", "1a2b3c4d")})
	if !slices.Equal(c.Pages, []string{"index.html"}) {
		t.Errorf("made, then built: %+v", c)
	}
	if b := body(t, get(t, s, "GET", "/")); !strings.Contains(b, "Hello again") {
		t.Errorf("serves %s", b)
	}
}

// TestMadeSiteRemovesOneChangesAnother checks a swap in which one page a
// browser has is gone and another changed (an image file renamed, say):
// both are told, and the swap is not taken for one that changed nothing
// because the counts cancel out.
func TestMadeSiteRemovesOneChangesAnother(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := madeServer(t, "/", out)
	body(t, get(t, s, "GET", "/"))
	body(t, get(t, s, "GET", "/images/go/"))
	next := site("Welcome back", "1a2b3c4d")
	delete(next, "images/go/index.html")
	c := s.Swap(Build{Site: newFakeSite(next)})
	if c.None() || c.Files != 2 || !slices.Equal(c.Pages, []string{"images/go/index.html", "index.html"}) {
		t.Errorf("change %+v; want the gone page and the changed one, 2 files", c)
	}
}

// TestMadeSiteAddsOpenPageAndChangesAnother checks a swap in which a page
// open in a browser as a 404 appears while a served page changes: both
// are told.
func TestMadeSiteAddsOpenPageAndChangesAnother(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := madeServer(t, "/", out)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	body(t, get(t, s, "GET", "/"))
	stream := openEvents(t, ts.URL+"/__sitegen/events?since="+s.Version()+"&page=images/new/index.html")
	if name, _, _ := stream.next(); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}
	next := site("Welcome back", "1a2b3c4d")
	next["images/new/index.html"] = &fstest.MapFile{Data: []byte("<!doctype html><html><head></head><body>New</body></html>")}
	c := s.Swap(Build{Site: newFakeSite(next)})
	if c.None() || c.Files != 2 || !slices.Contains(c.Added, "images/new/index.html") || !slices.Contains(c.Pages, "index.html") {
		t.Errorf("change %+v; want the new open page added and the home page changed, 2 files", c)
	}
}

// TestMadeSiteBringsBackServedPage checks a page a browser had that is
// removed by one swap and back in the next (a deleted image file restored)
// while another served page changes: both are told.
func TestMadeSiteBringsBackServedPage(t *testing.T) {
	out := site("Welcome", "1a2b3c4d")
	s := madeServer(t, "/", out)
	body(t, get(t, s, "GET", "/"))
	body(t, get(t, s, "GET", "/images/go/"))
	gone := site("Welcome", "1a2b3c4d")
	delete(gone, "images/go/index.html")
	if c := s.Swap(Build{Site: newFakeSite(gone)}); c.Files != 1 {
		t.Fatalf("removing a served page: change %+v, want 1 file", c)
	}
	c := s.Swap(Build{Site: newFakeSite(site("Welcome back", "1a2b3c4d"))})
	if c.None() || c.Files != 2 || !slices.Contains(c.Added, "images/go/index.html") || !slices.Contains(c.Pages, "index.html") {
		t.Errorf("change %+v; want the page back, added, and the home page changed, 2 files", c)
	}
}

// TestMadeSitePushedPageIsGiven checks that a page pushed to the browser
// that has it open counts as given: a later swap that makes it again with
// the same bytes (its key changed, as when its source was touched) tells
// nothing, as it would had the browser asked for the page itself.
func TestMadeSitePushedPageIsGiven(t *testing.T) {
	s := madeServer(t, "/", site("Welcome", "1a2b3c4d"))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	body(t, get(t, s, "GET", "/"))
	stream := openEvents(t, ts.URL+"/__sitegen/events?since="+s.Version()+"&page=index.html")
	if name, _, _ := stream.next(); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}
	edited := site("Welcome back", "1a2b3c4d")
	if c := s.Swap(Build{Site: newFakeSite(edited)}); !slices.Equal(c.Pages, []string{"index.html"}) {
		t.Fatalf("change %+v; want the home page", c)
	}
	pushed(t, stream)
	touched := newFakeSite(edited)
	touched.stale["index.html"] = true
	if c := s.Swap(Build{Site: touched}); !c.None() {
		t.Errorf("change %+v; the browser has these bytes already", c)
	}
}
