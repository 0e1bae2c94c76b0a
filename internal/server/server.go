// Package server serves a site from memory while it is being written, and
// updates or reloads the browsers that show it when it changes.
//
// # Serving
//
// A Server serves the site last handed to Swap: a built site (Build.Output,
// read whole), or a Site whose files are made when they are asked for
// (Build.Site, a *site.Generation), each made once. The site replaces the
// one served in a single atomic step: a request sees the old site or the
// new one, never a mix. Under the base path (New's basePath, "/" or
// "/docs/"):
//
//   - "<base>x/" serves x/index.html, and "<base>" serves index.html;
//   - "<base>x" serves the file x; when there is none but x/index.html
//     exists, it redirects (302) to "<base>x/", keeping the query;
//   - a path that is not clean ("..", ".", an empty segment, a backslash or
//     a NUL byte, written plainly or percent-encoded) is answered 400 and
//     never reaches the files;
//   - any other path gets the site's 404.html with status 404;
//   - only GET and HEAD are allowed.
//
// Until the first Swap, a request for a file waits for one, for as long as
// the request lasts. A page of a Site that cannot be made is answered with
// its problems, status 500, as the error page below.
//
// Every response carries Cache-Control: no-store, so the browser always
// asks again, and X-Content-Type-Options: nosniff. Content-Type comes from
// the file's extension.
//
// # Live reload
//
// The client script is served at <base>__sitegen/reload.js, and added to
// every HTML response right after its <head> tag (after <html> or the
// doctype when there is no <head>; fragments are left alone). It is never
// part of the built output. The script opens a Server-Sent Events stream at
// <base>__sitegen/events, a URL it derives from its own, so it works behind
// a reverse proxy and under a sub-path with no second port.
//
// Each snapshot has a version, an opaque string that is new for every swap
// that changed something a browser has, and for every start of the server.
// After a swap the server compares the two sites and, if anything changed,
// sends one "change" event naming:
//
//   - pages: the HTML files whose content changed (added and removed ones
//     too), not counting changes to stylesheet fingerprints;
//   - added: those of them that are new;
//   - css: the URLs of stylesheets that are new or changed;
//   - reload: whether every page must reload (an image or other asset
//     changed under the same name);
//   - errors: whether the list of the build's problems changed;
//   - error: whether the build is broken now;
//   - html: to a stream whose page the change makes update in place (see
//     below), what a request for that page now gets (the page, the 404
//     page or the error page in its place), so that the browser shows it
//     without a second round trip; for at most 8 open pages, and never in
//     the events replayed to a late stream, whose page fetches itself.
//
// Two built sites are compared by the SHA-256 of each file. A Site is
// compared by Key, which changes whenever a file may have changed, so a
// swap costs no file that no browser has, and never lists every file: of
// the pages whose key changed, those served to no browser are left out;
// those open in a browser now (the script names its page when it opens
// the stream, ?page=FILE) are made at once and listed only when their
// bytes changed; the others served before are listed. A 404 page names
// the file that was asked for, and that file is listed, as added, once it
// is there. Besides pages, only a Site's assets are compared (Assets, when
// it has the method: its static files). A swap that changes nothing a
// browser has keeps the version and sends nothing.
//
// A page whose own file is among the pages, or that shows the error page
// or was served before the problems changed, updates in place: it takes
// the event's html, or fetches itself again (the page, the 404 page in
// its place, or the error page), and takes the new head (the elements that did not change stay, new
// stylesheets load before the rest shows), title and body; the body's
// scripts run again; the scroll position and the stream stay. The
// stylesheets of a page the error page replaces stay loaded, disabled, so
// that the page comes back without loading them again. That shows
// an edit, a new or deleted page, a broken build and its mending sooner
// than a reload. It reloads when reload is set, or when the update fails.
// Otherwise, when stylesheets changed, it swaps each <link rel=stylesheet>
// whose href matches one of them once the fingerprint is taken out
// (css/site.1a2b3c4d.css matches css/site.9f8e7d6c.css), without a reload.
// Fingerprints are the site's form: a dot and 8 lower-case hex digits
// before ".css".
//
// Each change event carries its version as its SSE id. The stream is
// opened with the version the page was served at (?since=V; EventSource
// sends Last-Event-ID when it reconnects), and first sends a "hello" event.
// When the server still has the events after V (it keeps the last 64), it
// greets with V and replays them, so a page that connected late handles
// them like any other. Otherwise, as after the server restarted, it greets
// with the current version, and a page that was served at another version
// reloads.
//
// # Broken builds
//
// When a build fails, the files of the last good build stay served, but
// every HTML request (and every unknown path) gets an error page with
// status 500: each problem as "path:line: message", with the source lines
// around it, read from the build's Source, the failing line marked. The
// reload script is in it, so open pages switch to it by themselves (in
// place) and come back when the next build succeeds.
package server

import (
	"bytes"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitegen/sitegen/internal/content"
)

// prefix is where the server's own files live, under the base path.
const prefix = "__sitegen/"

// A Server serves one site. Its zero value is not usable; call New.
type Server struct {
	base  string // "/" or "/docs/"
	start string // distinguishes this run's versions from another's
	snap  atomic.Pointer[snapshot]
	hub   hub

	swapMu sync.Mutex // orders Swap calls; readers never take it
	builds int

	servedMu sync.Mutex
	served   map[string]*file // each page as last given to a browser

	ready chan struct{} // closed by the first Swap
	done  chan struct{} // closed by Close: waiting requests give up
	once  sync.Once     // closes done
}

// New returns a Server for a site published under basePath ("/" when
// empty). Requests for files wait until the first Swap.
func New(basePath string) *Server {
	base := "/" + strings.Trim(basePath, "/") + "/"
	if base == "//" {
		base = "/"
	}
	s := &Server{
		base: base, start: strconv.FormatInt(time.Now().UnixNano(), 36),
		ready: make(chan struct{}), done: make(chan struct{}), served: map[string]*file{},
	}
	first := &snapshot{version: s.start + ".0"}
	s.hub.init(first.version)
	s.snap.Store(first)
	return s
}

// Close ends every live-reload stream; browsers reconnect by themselves
// to whichever server answers next. Register it with
// http.Server.RegisterOnShutdown so that Shutdown does not wait for them.
func (s *Server) Close() {
	s.once.Do(func() { close(s.done) })
	s.hub.close()
}

// Version returns the version of the snapshot being served.
func (s *Server) Version() string { return s.snap.Load().version }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p+"/" == s.base {
		s.redirect(w, r, s.base)
		return
	}
	rel, under := strings.CutPrefix(p, s.base)
	if under && !clean(rel) {
		http.Error(w, "invalid path", http.StatusBadRequest)
		return
	}
	switch {
	case under && rel == prefix+"reload.js":
		serveScript(w, r)
		return
	case under && rel == prefix+"events":
		s.events(w, r)
		return
	}
	snap := s.await(r, s.ready)
	switch {
	case snap == nil:
		unavailable(w)
	case !under:
		s.notFound(w, r, snap, "404.html")
	default:
		s.serveFile(w, r, snap, rel)
	}
}

// await returns the snapshot to serve once ready is closed, or nil when
// the request or the server ends first.
func (s *Server) await(r *http.Request, ready <-chan struct{}) *snapshot {
	select {
	case <-ready:
	case <-r.Context().Done():
		return nil
	case <-s.done:
		return nil
	}
	return s.snap.Load()
}

// serveFile serves rel, a clean path under the base, from snap.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, snap *snapshot, rel string) {
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f, err := snap.open(name)
	status, body, page, ok := s.answer(snap, name, f, err)
	switch {
	case page != nil:
		s.gave(name, page)
		w.Header().Set("Content-Type", page.ctype)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	case ok:
		s.write(w, r, status, body)
		return
	}
	if f == nil { // a folder: answer has found name/index.html
		target := s.base + rel + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		s.redirect(w, r, target)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// answer is what a request for the page name gets from snap, given what
// snap.open(name) returned: its status and its body with the reload
// script, and the page's file when it is the page itself (nil when it is
// the 404 page or the error page in its place). ok is false when the
// answer is no page: a redirect to the folder name/, or a file other than
// HTML.
func (s *Server) answer(snap *snapshot, name string, f *file, err error) (status int, body []byte, page *file, ok bool) {
	switch {
	case err != nil:
		// The page cannot be made: its problems are the site's.
		problems := content.List(err)
		return http.StatusInternalServerError, inject(errorPage(problems, snap.source), s.scriptTag(snap, "", "error")), nil, true
	case f == nil && snap.has(name+"/index.html"), f != nil && !f.html:
		return 0, nil, nil, false
	case f == nil:
		status, body = s.notFoundPage(snap, name)
		return status, body, nil, true
	case snap.failed:
		return http.StatusInternalServerError, s.errorPage(snap, name), nil, true
	}
	return http.StatusOK, inject(f.data, s.scriptTag(snap, name, "")), f, true
}

// gave records that a browser was given the page name as f.
func (s *Server) gave(name string, f *file) {
	s.servedMu.Lock()
	s.served[name] = f
	s.servedMu.Unlock()
}

// servedFiles returns the pages as last given to browsers.
func (s *Server) servedFiles() map[string]*file {
	s.servedMu.Lock()
	defer s.servedMu.Unlock()
	return maps.Clone(s.served)
}

// open returns snap's file name, nil when there is none, and an error
// when it cannot be made.
func (snap *snapshot) open(name string) (*file, error) {
	if snap.src == nil {
		return nil, nil
	}
	return snap.src.open(name)
}

// has reports whether snap has the file name, without making it.
func (snap *snapshot) has(name string) bool {
	return snap.src != nil && snap.src.has(name)
}

// unavailable answers a request that ended, or a server that closed,
// while it waited for the build.
func unavailable(w http.ResponseWriter) {
	http.Error(w, "the site is not built yet", http.StatusServiceUnavailable)
}

// notFound serves the site's 404.html (or the error page while the build
// is broken) with status 404, in place of the file name (404.html for a
// path outside the base): the page's script names it, so that the page
// shows the file once it is there.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, snap *snapshot, name string) {
	status, body := s.notFoundPage(snap, name)
	s.write(w, r, status, body)
}

// notFoundPage is notFound's status and body.
func (s *Server) notFoundPage(snap *snapshot, name string) (int, []byte) {
	if snap.failed {
		return http.StatusInternalServerError, s.errorPage(snap, name)
	}
	f, _ := snap.open("404.html")
	body := []byte(plainNotFound)
	if f != nil {
		body = f.data
	}
	return http.StatusNotFound, inject(body, s.scriptTag(snap, name, "missing"))
}

// errorPage is the page listing the build's problems, shown in place of
// the page name, status 500.
func (s *Server) errorPage(snap *snapshot, name string) []byte {
	return inject(snap.errPage, s.scriptTag(snap, name, "error"))
}

// write sends an HTML body with a status.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusFound)
}

// clean reports whether rel, a decoded path below the base, is one the
// server will look up: no "." or ".." segment, no empty segment except a
// trailing one, no backslash and no NUL.
func clean(rel string) bool {
	if strings.ContainsAny(rel, "\\\x00") {
		return false
	}
	if rel == "" {
		return true
	}
	segs := strings.Split(strings.TrimSuffix(rel, "/"), "/")
	for _, seg := range segs {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

const plainNotFound = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>There is no page at this address.</p></body></html>
`
