package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// swapMany swaps in n builds, each changing the home page, and returns the
// version of each.
func swapMany(t *testing.T, s *Server, n int) []string {
	t.Helper()
	var versions []string
	for range n {
		c := s.Swap(Build{Output: site("After "+s.Version(), "1a2b3c4d")})
		if c.None() {
			t.Fatal("a swap changed nothing")
		}
		versions = append(versions, c.Version)
	}
	return versions
}

// expectChange reads the stream's next event and checks that it is the
// change to version.
func expectChange(t *testing.T, c *sseClient, version string) {
	t.Helper()
	name, data, err := c.next()
	if err != nil || name != "change" || !strings.Contains(data, `"version":"`+version+`"`) {
		t.Fatalf("got event %q %s (%v), want the change to %s", name, data, err, version)
	}
}

// TestReplayCap checks the promise of the package doc: the server keeps
// the last 64 versions' events. A page served at the oldest of them is
// greeted with its own version and gets every event after it; a page
// served at the version before is greeted with the current one (it
// reloads) and gets no old events, only the ones that follow.
func TestReplayCap(t *testing.T) {
	s := newServer(t, "/", site("Welcome", "1a2b3c4d"))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the streams are closed
	versions := append([]string{s.Version()}, swapMany(t, s, 80)...)
	kept := versions[len(versions)-64:]
	current := versions[len(versions)-1]

	within := openEvents(t, ts.URL+"/__sitegen/events?since="+kept[0])
	if name, data, _ := within.next(); name != "hello" || !strings.Contains(data, `"`+kept[0]+`"`) {
		t.Fatalf("since the oldest version kept: hello %s %s, want version %s", name, data, kept[0])
	}
	for _, v := range kept[1:] {
		expectChange(t, within, v)
	}

	old := versions[len(versions)-65]
	beyond := openEvents(t, ts.URL+"/__sitegen/events?since="+old)
	if name, data, _ := beyond.next(); name != "hello" || !strings.Contains(data, `"`+current+`"`) {
		t.Fatalf("since a version past the cap: hello %s %s, want the current version %s", name, data, current)
	}
	next := swapMany(t, s, 1)[0]
	expectChange(t, beyond, next)
	expectChange(t, within, next)
}

// smallWrites is a listener whose connections have a small send buffer,
// so that a stream nobody reads fills up after a few events.
type smallWrites struct{ net.Listener }

func (l smallWrites) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// TestStalledStream opens two streams, one read as events come and one
// that is not read at all, and publishes many events: publishing never
// waits for the stalled stream, the stream being read gets every event in
// order, and the stalled stream is closed by the server, so that its
// browser reconnects and catches up, instead of being kept and fed
// forever.
func TestStalledStream(t *testing.T) {
	// Many pages change in each build, so that each event is big.
	out := func(n int) fstest.MapFS {
		m := site("Welcome", "1a2b3c4d")
		for i := range 30 {
			m[fmt.Sprintf("guides/a-guide-with-a-rather-long-name-%02d/and-a-page-in-it-that-has-an-even-longer-name-so-that-each-event-takes-many-bytes/index.html", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, page, "I", "1a2b3c4d", fmt.Sprint(n))}
		}
		return m
	}
	s := New("/")
	s.Swap(Build{Output: out(0)})
	ts := httptest.NewUnstartedServer(s)
	ts.Listener = smallWrites{ts.Listener}
	ts.Start()

	stalled := openEvents(t, ts.URL+"/__sitegen/events")
	reader := openEvents(t, ts.URL+"/__sitegen/events")
	if name, _, err := reader.next(); name != "hello" || err != nil {
		t.Fatalf("hello: %q %v", name, err)
	}
	// Each event is read before the next is published: the stream being
	// read never falls behind.
	const events = 300
	published := make(chan error, 1)
	go func() {
		for i := 1; i <= events; i++ {
			v := s.Swap(Build{Output: out(i)}).Version
			name, data, err := reader.next()
			if err != nil || name != "change" || !strings.Contains(data, `"version":"`+v+`"`) {
				published <- fmt.Errorf("event %d: got %q %.80s (%v), want the change to %s", i, name, data, err, v)
				return
			}
		}
		published <- nil
	}()
	select {
	case err := <-published:
		if err != nil {
			t.Fatalf("the stream being read: %v", err)
		}
	case <-time.After(30 * time.Second):
		// The server is stuck: leave it, or its Close would wait forever.
		t.Fatal("publishing waits for the stream nobody reads")
	}
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)

	// What the stalled stream had in its buffers, then its end.
	got := 0
	for {
		name, _, err := stalled.next()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("the stalled stream was not closed by the server: %v after %d events", err, got)
			}
			break
		}
		if name == "change" {
			got++
		}
	}
	t.Logf("the stalled stream got %d of %d events", got, events)
	if got >= events {
		t.Errorf("the stalled stream got all %d events", got)
	}
	// The reader's stream is still open.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, _, err := reader.next(); done <- err }()
	last := s.Swap(Build{Output: out(events + 1)}).Version
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the stream being read ended: %v", err)
		}
	case <-ctx.Done():
		t.Errorf("no event for %s on the stream being read", last)
	}
}
