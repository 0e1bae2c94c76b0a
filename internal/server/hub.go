package server

import (
	"slices"
	"sync"
)

// replayed is how many recent change events the hub keeps for browsers
// that connect late or reconnect.
const replayed = 64

// hub hands change events to every open stream, and replays recent ones to
// a stream that connects after them: a page served at version V that
// connects only after V+1 was published gets V+1's event, and reloads only
// if that event concerns it.
type hub struct {
	mu      sync.Mutex
	subs    map[chan []byte]string // each stream, and the page it shows ("" when unknown)
	current string                 // the version of the snapshot served
	history []record               // the latest events, oldest first
	closed  bool
}

type record struct {
	version string // the version the event moves to
	msg     []byte // nil for the first version, which no event announced
}

// init starts the hub at version. A page served at it before the first
// event (while the first build ran) is caught up by replay like any other.
func (h *hub) init(version string) {
	h.subs = map[chan []byte]string{}
	h.current = version
	h.history = []record{{version: version}}
}

// publish runs store (which makes version the one served) and queues msg
// on every stream, or the message of pages for a stream showing one of
// them, in one step as seen by subscribe. A stream too far behind is
// closed: its browser reconnects and catches up by replay, which sends
// msg.
func (h *hub) publish(version string, msg []byte, pages map[string][]byte, store func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	store()
	h.current = version
	h.history = append(h.history, record{version, msg})
	if len(h.history) > replayed {
		h.history = slices.Delete(h.history, 0, len(h.history)-replayed)
	}
	for ch, page := range h.subs {
		m, ok := pages[page]
		if !ok {
			m = msg
		}
		select {
		case ch <- m:
		default:
			h.drop(ch)
		}
	}
}

// subscribe opens a stream for a browser showing version since of the
// page named page (its output file, "" when not known). It returns
// the stream's channel, already holding the events since that version when
// the hub still has them, and the version to greet the browser with: since
// itself when it is caught up by those events, the current version
// otherwise (the browser then reloads if it shows another). It returns
// false after close.
func (h *hub) subscribe(since, page string) (chan []byte, string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, "", false
	}
	var missed []record
	hello := h.current
	if i := slices.IndexFunc(h.history, func(r record) bool { return r.version == since }); i >= 0 {
		missed, hello = h.history[i+1:], since
	}
	ch := make(chan []byte, 16+len(missed))
	for _, r := range missed {
		if r.msg != nil {
			ch <- r.msg
		}
	}
	h.subs[ch] = page
	return ch, hello, true
}

// open returns the pages that streams show now.
func (h *hub) open() map[string]bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	pages := map[string]bool{}
	for _, p := range h.subs {
		if p != "" {
			pages[p] = true
		}
	}
	return pages
}

// unsubscribe forgets ch, closing it if it is still open.
func (h *hub) unsubscribe(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(ch)
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
