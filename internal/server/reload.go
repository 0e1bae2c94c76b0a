package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"sync"
	"time"
)

//go:embed reload.js
var reloadJS []byte

// heartbeat keeps idle streams open through proxies that drop silent ones.
const heartbeat = 20 * time.Second

// serveScript serves the live-reload client.
func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(reloadJS))
}

// scriptTag is the tag added to an HTML response: it loads the client and
// tells it the version it was served at, the file it shows, and whether it
// is a 404 ("missing") or the error page ("error").
func (s *Server) scriptTag(snap *snapshot, name, kind string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<script src="%s" data-version="%s" data-file="%s"`,
		html.EscapeString(s.base+prefix+"reload.js"), html.EscapeString(snap.version), html.EscapeString(name))
	if kind != "" {
		fmt.Fprintf(&b, ` data-%s="1"`, kind)
	}
	b.WriteString(" defer></script>")
	return b.Bytes()
}

// inject returns page with tag inserted right after its <head> tag, or
// after <html> or the doctype when there is none. A fragment with none of
// them is returned as it is.
func inject(page, tag []byte) []byte {
	lower := bytes.ToLower(page)
	at := -1
	for _, open := range []string{"<head", "<html", "<!doctype"} {
		if at = tagEnd(lower, open); at >= 0 {
			break
		}
	}
	if at < 0 {
		return page
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// tagEnd returns the index just past the first start tag named open
// ("<head" matches <head> and <head lang=x>, not <header>), or -1.
func tagEnd(lower []byte, open string) int {
	from := 0
	for {
		i := bytes.Index(lower[from:], []byte(open))
		if i < 0 {
			return -1
		}
		i += from + len(open)
		if i < len(lower) && bytes.IndexByte([]byte(">/ \t\r\n\f"), lower[i]) >= 0 {
			end := bytes.IndexByte(lower[i:], '>')
			if end < 0 {
				return -1
			}
			return i + end + 1
		}
		from = i
	}
}

// event is a change as the client reads it.
type event struct {
	Version string   `json:"version"`
	Error   bool     `json:"error"`
	Reload  bool     `json:"reload"`
	Pages   []string `json:"pages"`
	Added   []string `json:"added"`
	CSS     []string `json:"css"`
}

// changeEvent encodes c as a Server-Sent Event.
func (s *Server) changeEvent(c Change) []byte {
	ev := event{
		Version: c.Version, Error: c.Failed, Reload: c.Reload,
		Pages: nonNil(c.Pages), Added: nonNil(c.Added), CSS: []string{},
	}
	for _, name := range c.Styles {
		ev.CSS = append(ev.CSS, s.base+name)
	}
	data, _ := json.Marshal(ev) // cannot fail: strings and bools
	return sse("change", data)
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func sse(name string, data []byte) []byte {
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, data)
}

// events streams changes to one browser until it leaves or the server
// closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch, ok := s.hub.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// Subscribed first, so no change between hello and the stream is lost.
	snap := s.snap.Load()
	hello, _ := json.Marshal(struct {
		Version string `json:"version"`
		Error   bool   `json:"error"`
	}{snap.version, snap.failed})
	fmt.Fprint(w, "retry: 500\n\n")
	w.Write(sse("hello", hello))
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case m, ok := <-ch:
			if !ok {
				return
			}
			msg = m
		case <-tick.C:
			msg = []byte(": ping\n\n")
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// hub hands events to every open stream.
type hub struct {
	mu     sync.Mutex
	subs   map[chan []byte]struct{}
	closed bool
}

func (h *hub) init() { h.subs = map[chan []byte]struct{}{} }

// subscribe returns a new stream's channel, or false after close.
func (h *hub) subscribe() (chan []byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	ch := make(chan []byte, 16)
	h.subs[ch] = struct{}{}
	return ch, true
}

// unsubscribe forgets ch, closing it if it is still open.
func (h *hub) unsubscribe(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(ch)
}

// broadcast queues msg on every stream. A stream too far behind is closed:
// its browser reconnects, and the hello event tells it whether to reload.
func (h *hub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- msg:
		default:
			h.drop(ch)
		}
	}
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		h.drop(ch)
	}
}

// drop closes ch once; h.mu is held.
func (h *hub) drop(ch chan []byte) {
	if _, ok := h.subs[ch]; ok {
		delete(h.subs, ch)
		close(ch)
	}
}
