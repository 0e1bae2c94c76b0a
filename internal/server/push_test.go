package server

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

// pushed reads the next change event of c and returns the page it carries.
func pushed(t *testing.T, c *sseClient) string {
	t.Helper()
	name, data, err := c.next()
	if err != nil || name != "change" {
		t.Fatalf("change: %q %q %v", name, data, err)
	}
	var ev event
	if err := json.Unmarshal([]byte(data), &ev); err != nil {
		t.Fatal(err)
	}
	return ev.HTML
}

// TestEventsCarryOpenPage checks that a change event carries, to a stream
// whose page it makes update, what a request for that page now gets (the
// page, the error page in its place, the page again once mended), and
// nothing to a stream whose page did not change.
func TestEventsCarryOpenPage(t *testing.T) {
	eachServer(t, "/", site("Welcome", "1a2b3c4d"), func(t *testing.T, s *Server) {
		ts := httptest.NewServer(s)
		t.Cleanup(ts.Close) // after the streams' cleanups close them
		body(t, get(t, s, "GET", "/"))
		body(t, get(t, s, "GET", "/images/go/"))
		home := openEvents(t, ts.URL+"/__sitegen/events?since="+s.Version()+"&page=index.html")
		goPage := openEvents(t, ts.URL+"/__sitegen/events?since="+s.Version()+"&page=images/go/index.html")
		for _, c := range []*sseClient{home, goPage} {
			if name, _, _ := c.next(); name != "hello" {
				t.Fatalf("first event %q, want hello", name)
			}
		}
		swap := func(b Build) {
			t.Helper()
			if s.Swap(b).None() {
				t.Fatal("the swap changed nothing")
			}
		}
		newSite := func() Build {
			files := site("Hello", "1a2b3c4d")
			if _, made := s.snap.Load().src.(*madeSource); made {
				return Build{Site: newFakeSite(files)}
			}
			return Build{Output: files}
		}

		swap(newSite())
		if got, want := pushed(t, home), body(t, get(t, s, "GET", "/")); got != want {
			t.Errorf("the home page's stream got\n%s\nwant what a request gets\n%s", got, want)
		}
		if got := pushed(t, goPage); got != "" {
			t.Errorf("the Go page did not change, but its stream got a page:\n%s", got)
		}

		swap(Build{Err: content.Errorf("content/x.md", 1, "bad")})
		for _, c := range []*sseClient{home, goPage} {
			if got := pushed(t, c); !strings.Contains(got, "content/x.md:1") || !strings.Contains(got, `data-error="1"`) {
				t.Errorf("a stream of a broken site got\n%s", got)
			}
		}

		swap(newSite())
		if got, want := pushed(t, goPage), body(t, get(t, s, "GET", "/images/go/")); got != want {
			t.Errorf("the mended Go page's stream got\n%s\nwant\n%s", got, want)
		}
		pushed(t, home)
	})
}
