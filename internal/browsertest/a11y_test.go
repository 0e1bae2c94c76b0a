package browsertest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// today fixes which versions of the fixture are past their end of life.
var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// pages are the fixture's pages that the layout check opens: every kind,
// and the variants of a kind that show other parts of its template.
var pages = []string{
	"/",
	"/images/",
	"/images/python/",
	"/images/python-fips/",
	"/images/postgres/",
	"/categories/",
	"/categories/base/",
	"/guides/",
	"/guides/migrating/",
	"/404.html",
	pagedBase + "images/page/2/",
	pagedBase + "categories/base/page/2/",
}

// axePages are the pages axe-core checks: one of each kind.
var axePages = []string{"/", "/images/", "/images/python/", "/images/postgres/", "/categories/", "/categories/base/", "/guides/migrating/", "/404.html",
	pagedBase + "images/", pagedBase + "categories/base/page/2/"}

// pagedBase is where the session serves the fixture again, two images a
// page (pageSize 2), for the pager of the lists.
const pagedBase = "/paged/"

// axeTags are the rule sets axe-core runs: WCAG 2.2 A and AA, and its best
// practices.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]`

// TestBrowser serves the fixture site and opens it in one Chromium; each
// check runs in a tab of its own.
func TestBrowser(t *testing.T) {
	s := startSession(t)
	t.Run("accessibility", func(t *testing.T) { testAccessibility(t, s) })
	t.Run("phone", func(t *testing.T) { testPhoneLayout(t, s) })
	t.Run("scripts", func(t *testing.T) { testScripts(t, s) })
	t.Run("registry", func(t *testing.T) { testYourRegistry(t, s) })
	t.Run("commands on a phone", func(t *testing.T) { testPhoneCommands(t, s) })
}

// testAccessibility runs axe-core on every kind of page, with the reader's
// system set to light and then to dark. A violation whose impact is serious
// or critical fails the test; lesser ones are logged.
func testAccessibility(t *testing.T, s *session) {
	axe := readAxe(t)
	s.mux.HandleFunc(axePath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=3600")
		io.WriteString(w, axe)
	})
	b := s.newTab(t)

	// First make sure axe finds what it should: a picture without a text
	// alternative (critical) and grey text on grey (serious).
	b.open(t, "/404.html")
	run(t, b, chromedp.Evaluate[chromedp.Void](`document.querySelector("main").insertAdjacentHTML("beforeend",
		'<img src="/favicon.svg"><p style="color:#777;background:#888">Hard to read</p>')`))
	found := map[string]string{}
	loadAxe(t, b)
	for _, v := range axeViolations(t, b) {
		found[v.ID] = v.Impact
	}
	if found["image-alt"] != "critical" || found["color-contrast"] != "serious" {
		t.Fatalf("axe-core missed planted violations (image-alt, color-contrast); it found %v", found)
	}

	// Each page is loaded once and checked in both schemes: switching the
	// emulated scheme restyles the page in place.
	for _, p := range axePages {
		t.Run(pageName(p), func(t *testing.T) {
			b.open(t, p)
			loadAxe(t, b)
			for _, scheme := range []string{"light", "dark"} {
				t.Run(scheme, func(t *testing.T) {
					b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
						})
						return err
					}))
					dark := run(t, b, chromedp.Evaluate[bool](`matchMedia("(prefers-color-scheme: dark)").matches`))
					if dark != (scheme == "dark") {
						t.Fatalf("prefers-color-scheme emulation did not take: dark=%v", dark)
					}
					// The theme must really follow the scheme: a dark page
					// background in dark mode, a light one otherwise.
					lum := run(t, b, chromedp.Evaluate[float64](bodyLuminance))
					if scheme == "dark" && lum > 0.2 || scheme == "light" && lum < 0.8 {
						t.Errorf("%s: body background luminance %.2f does not suit the %s scheme", p, lum, scheme)
					}
					var bad, minor []violation
					for _, v := range axeViolations(t, b) {
						if v.Impact == "serious" || v.Impact == "critical" {
							bad = append(bad, v)
						} else {
							minor = append(minor, v)
						}
					}
					if len(minor) > 0 {
						t.Logf("%s (%s): %d minor or moderate axe findings:\n%s", p, scheme, len(minor), formatViolations(minor))
					}
					if len(bad) > 0 {
						t.Errorf("%s (%s): %d serious or critical axe violations:\n%s", p, scheme, len(bad), formatViolations(bad))
					}
				})
			}
			b.checkErrors(t, p)
		})
	}
}

// testPhoneLayout opens every kind of page at a phone's width and fails when
// anything but a scrolling box (a table's, a code block's) is wider than
// the screen, which would make the whole page scroll sideways.
func testPhoneLayout(t *testing.T, s *session) {
	b := s.newTab(t)
	b.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range pages {
		t.Run(pageName(p), func(t *testing.T) {
			b.open(t, p)
			if wide := run(t, b, chromedp.Evaluate[[]string](overflowing)); len(wide) > 0 {
				t.Errorf("%s is wider than a 360px screen; these elements stick out:\n  %s", p, strings.Join(wide, "\n  "))
			}
			b.checkErrors(t, p)
		})
	}
}

// testScripts checks what site.js adds: the search and category filters on
// the image list, and copy buttons on code blocks.
func testScripts(t *testing.T, s *session) {
	b := s.newTab(t)
	b.open(t, "/images/")
	if hidden := run(t, b, chromedp.Evaluate[bool](`document.querySelector("[data-filter-form]").hidden`)); hidden {
		t.Fatal("the filter form is still hidden with JavaScript on")
	}
	shown := `document.querySelectorAll(".image-list .image-item:not([hidden])").length`
	all := run(t, b, chromedp.Evaluate[int](shown))
	if all != 5 {
		t.Fatalf("%d images shown before filtering, want 5", all)
	}
	n := run(t, b, chromedp.Evaluate[int](`(() => {
		const s = document.querySelector("[data-filter-search]");
		s.value = "nginx:latest";
		s.dispatchEvent(new Event("input"));
		return `+shown+`;
	})()`))
	if n != 1 {
		t.Errorf("searching for an image that NGINX replaces shows %d images, want 1", n)
	}
	n = run(t, b, chromedp.Evaluate[int](`(() => {
		const s = document.querySelector("[data-filter-search]");
		s.value = "";
		s.dispatchEvent(new Event("input"));
		const box = document.querySelector("[data-filter-category][value=fips]");
		box.checked = true;
		box.dispatchEvent(new Event("change"));
		return `+shown+`;
	})()`))
	if n != 1 {
		t.Errorf("the FIPS filter shows %d images, want 1", n)
	}
	if q := run(t, b, chromedp.Evaluate[string](`location.search`)); q != "?category=fips" {
		t.Errorf("the filter left the address query %q, want ?category=fips", q)
	}
	empty := run(t, b, chromedp.Evaluate[bool](`(() => {
		const s = document.querySelector("[data-filter-search]");
		s.value = "no-such-image-anywhere";
		s.dispatchEvent(new Event("input"));
		return !document.querySelector("[data-filter-empty]").hidden;
	})()`))
	if !empty {
		t.Error("a search that matches nothing does not say so")
	}

	b.open(t, "/images/python/")
	blocks := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".highlight, .pull").length`))
	buttons := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".copy-button").length`))
	if blocks == 0 || buttons != blocks {
		t.Errorf("%d code blocks but %d copy buttons", blocks, buttons)
	}
	b.checkErrors(t, "/images/")
}

// axePath is where the test server serves axe-core, so that the browser
// caches the script instead of compiling it for every page.
const axePath = "/_test/axe.min.js"

// loadAxe loads axe-core into the open page.
func loadAxe(t *testing.T, b *browser) {
	t.Helper()
	run(t, b, chromedp.Evaluate[chromedp.Void](`new Promise((resolve, reject) => {
		const s = document.createElement("script");
		s.src = "`+axePath+`";
		s.onload = resolve;
		s.onerror = () => reject(new Error("cannot load `+axePath+`"));
		document.head.append(s);
	})`, chromedp.EvalAwaitPromise))
}

// axeViolations runs axe-core, which must have been loaded into the open
// page, and returns its violations.
func axeViolations(t *testing.T, b *browser) []violation {
	t.Helper()
	return run(t, b, chromedp.Evaluate[[]violation](`axe.run(document, {
		runOnly: {type: "tag", values: `+axeTags+`},
		resultTypes: ["violations"]
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary || ""}))
	})))`, chromedp.EvalAwaitPromise))
}

// pageName names a page's subtest: its path, or "home".
func pageName(sitePath string) string {
	if sitePath == "/" {
		return "home"
	}
	return strings.Trim(sitePath, "/")
}

type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func formatViolations(vs []violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "  [%s] %s: %s\n      %s\n", v.Impact, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "    … and %d more\n", len(v.Nodes)-i)
				break
			}
			html := n.HTML
			if len(html) > 160 {
				html = html[:160] + "…"
			}
			fmt.Fprintf(&b, "    - %s\n      %s\n", n.Target, html)
			for _, line := range strings.Split(strings.TrimSpace(n.Summary), "\n") {
				fmt.Fprintf(&b, "      %s\n", strings.TrimSpace(line))
			}
		}
	}
	return b.String()
}

// bodyLuminance is the relative luminance (0 black, 1 white) of the page's
// background, from the first element up from body that paints one.
const bodyLuminance = `(() => {
	for (let el = document.body; el; el = el.parentElement) {
		const m = getComputedStyle(el).backgroundColor.match(/[\d.]+/g);
		if (!m || (m.length === 4 && +m[3] === 0)) continue;
		const [r, g, b] = m.slice(0, 3).map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	}
	return 1;
})()`

// overflowing lists the elements that stick out past the right edge of the
// viewport and are not inside a box that scrolls or clips them.
const overflowing = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return [];
	const out = [];
	for (const el of document.body.querySelectorAll("*")) {
		if (el.getBoundingClientRect().right <= w + 1) continue;
		let clipped = false;
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") { clipped = true; break; }
		}
		if (clipped) continue;
		let name = el.tagName.toLowerCase();
		if (el.id) name += "#" + el.id;
		if (el.className && typeof el.className === "string") name += "." + el.className.trim().split(/\s+/).join(".");
		out.push(name + " (right edge at " + Math.round(el.getBoundingClientRect().right) + "px)");
		if (out.length === 10) break;
	}
	return out.length ? out : ["the page is " + document.documentElement.scrollWidth + "px wide"];
})()`

// A session is the fixture site served on 127.0.0.1 and a Chromium to
// open it in.
type session struct {
	ctx  context.Context // the browser's first tab, which starts it
	base string          // the site's URL, without a trailing slash
	mux  *http.ServeMux  // the site; tests may add files
}

// startSession builds the fixture site, serves it and starts Chromium.
// Everything stops when the test ends.
func startSession(t *testing.T) *session {
	t.Helper()
	exe := Chromium(t)
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServerFS(buildFixture(t, 0, "")))
	mux.Handle(pagedBase, http.StripPrefix(strings.TrimSuffix(pagedBase, "/"), http.FileServerFS(buildFixture(t, 2, pagedBase))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ctx := Start(t, exe, chromedp.WindowSize(1280, 900))
	return &session{ctx: ctx, base: srv.URL, mux: mux}
}

// A browser is one tab of the session's Chromium.
type browser struct {
	ctx  context.Context
	base string

	mu   sync.Mutex
	errs []string // uncaught exceptions and console errors since the last check
}

// newTab opens a tab that closes when the test ends.
func (s *session) newTab(t *testing.T) *browser {
	t.Helper()
	b := &browser{base: s.base}
	ctx, cancel := chromedp.NewContext(s.ctx, chromedp.WithListener(b.listen))
	t.Cleanup(cancel)
	if err := FirstRun(ctx, cancel); err != nil {
		t.Fatalf("cannot open a tab: %v", err)
	}
	b.ctx = ctx
	return b
}

func (b *browser) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		msg = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console error: " + strings.Join(parts, " ")
	default:
		return
	}
	b.mu.Lock()
	b.errs = append(b.errs, msg)
	b.mu.Unlock()
}

// checkErrors fails the test if the page threw or logged an error.
func (b *browser) checkErrors(t *testing.T, page string) {
	t.Helper()
	b.mu.Lock()
	errs := b.errs
	b.errs = nil
	b.mu.Unlock()
	for _, e := range errs {
		t.Errorf("%s: %s", page, e)
	}
}

// do runs steps with a time limit.
func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	run(t, b, chromedp.Steps(steps...))
}

// open loads a site path and waits for its load event.
func (b *browser) open(t *testing.T, sitePath string) {
	t.Helper()
	b.do(t, chromedp.Navigate(b.base+sitePath))
}

func run[T any](t *testing.T, b *browser, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		var ex *chromedp.ExceptionError
		if errors.As(err, &ex) {
			t.Fatalf("script failed: %v", ex)
		}
		t.Fatal(err)
	}
	return v
}

// buildFixture builds testdata/site.txtar with the built-in theme, with
// pageSize images a page when it is not 0, under the base path base when
// it is not "".
func buildFixture(t *testing.T, pageSize int, base string) *site.Output {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{}
	for _, f := range ar.Files {
		data := f.Data
		if f.Name == "content/_index.md" && pageSize > 0 {
			data = []byte(strings.Replace(string(data), "---\n", fmt.Sprintf("---\npageSize: %d\n", pageSize), 1))
		}
		src[f.Name] = &fstest.MapFile{Data: data}
	}
	res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today, BaseURL: base})
	if err != nil {
		t.Fatalf("the fixture does not build:\n%v", err)
	}
	return res.Output
}

// readAxe returns axe-core's script from node_modules at the repository
// root, where npm ci (run by make test) puts it.
func readAxe(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		Missing(t, fmt.Sprintf("axe-core is not installed (%v); run npm ci at the repository root, or make test", err))
	}
	return string(b)
}
