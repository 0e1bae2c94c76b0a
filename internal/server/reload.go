package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
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
	Errors  bool     `json:"errors"` // the list of problems changed
	Pages   []string `json:"pages"`
	Added   []string `json:"added"`
	CSS     []string `json:"css"`
	HTML    string   `json:"html,omitempty"` // what the stream's page is now, when pushed
}

// changeEvent encodes c as a Server-Sent Event, with the new content of
// the stream's page when html is not nil.
func (s *Server) changeEvent(c Change, html []byte) []byte {
	ev := event{
		Version: c.Version, Error: c.Failed, Reload: c.Reload, Errors: c.ErrorsChanged,
		Pages: nonNil(c.Pages), Added: nonNil(c.Added), CSS: []string{}, HTML: string(html),
	}
	for _, name := range c.Styles {
		ev.CSS = append(ev.CSS, s.base+name)
	}
	data, _ := json.Marshal(ev) // cannot fail: strings and bools
	return fmt.Appendf(nil, "id: %s\n%s", c.Version, sse("change", data))
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
// closes. The browser names the version it shows: the "since" query
// parameter, or the Last-Event-ID header when EventSource reconnects.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	since := r.Header.Get("Last-Event-ID")
	if since == "" {
		since = r.URL.Query().Get("since")
	}
	ch, hello, ok := s.hub.subscribe(since, r.URL.Query().Get("page"))
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	data, _ := json.Marshal(struct {
		Version string `json:"version"`
	}{hello})
	fmt.Fprint(w, "retry: 500\n\n")
	w.Write(sse("hello", data))
	rc := http.NewResponseController(w)
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
