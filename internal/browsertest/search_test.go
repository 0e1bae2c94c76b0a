package browsertest

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sitegen/sitegen/internal/search"
	"github.com/sitegen/sitegen/internal/search/searchtest"
)

// searchBudget is what one query may download, code included: the search
// script, the site script and every part of the index it reads.
const searchBudget = 300 << 10

// searchDelay is how long results may take to show once the parts they
// need have arrived: the best of a few searches with every part at hand,
// so that a busy test machine does not count. (The test logs the delay
// after the last part's responseEnd too.)
const searchDelay = 50

// A meter serves a site and counts the bytes of every response body, by
// path, as the browser asks for them; nothing is cached by the browser.
type meter struct {
	mu    sync.Mutex
	bytes map[string]int
	next  http.Handler
}

func (m *meter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	m.next.ServeHTTP(countingWriter{w, m, r.URL.Path}, r)
}

type countingWriter struct {
	http.ResponseWriter
	m    *meter
	path string
}

func (c countingWriter) Write(p []byte) (int, error) {
	c.m.mu.Lock()
	c.m.bytes[c.path] += len(p)
	c.m.mu.Unlock()
	return c.ResponseWriter.Write(p)
}

// bytesNow returns what was served since the last take.
func (m *meter) bytesNow() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.bytes)
}

// take returns what was served since the last take and forgets it.
func (m *meter) take() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.bytes
	m.bytes = map[string]int{}
	return b
}

// searchBytesOf adds up the bytes of index files in served.
func searchBytesOf(served map[string]int) int {
	n := 0
	for p, b := range served {
		if strings.Contains(p, "/search/") {
			n += b
		}
	}
	return n
}

// searchBytes adds up the bytes of scripts and index files in served.
func searchBytes(served map[string]int) (total int, list string) {
	var names []string
	for p, n := range served {
		if strings.Contains(p, "/search/") || strings.HasSuffix(p, ".js") {
			total += n
			names = append(names, fmt.Sprintf("%s %d", p, n))
		}
	}
	sort.Strings(names)
	return total, strings.Join(names, ", ")
}

// serveMetered serves fsys, with the search index replaced by index when
// it is not nil, through a meter.
func serveMetered(t *testing.T, fsys fs.FS, index map[string][]byte) (*meter, *http.ServeMux, string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServerFS(fsys))
	if index != nil {
		m := fstest.MapFS{}
		for name, data := range index {
			m["search/"+name] = &fstest.MapFile{Data: data}
		}
		mux.Handle("/search/", http.FileServerFS(m))
	}
	m := &meter{bytes: map[string]int{}, next: mux}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, mux, srv.URL
}

// TestSearch types queries into the search box of the fixture site and
// checks the results, the category facet, the keyboard, and what the page
// downloads: nothing of the index on page load, and one query within
// searchBudget, counted at the server. Then it does the same with the
// index of a 10,000-image catalog in place of the fixture's, and of a
// 100,000-image one (unless -short).
func TestSearch(t *testing.T) {
	exe := Chromium(t)
	out := buildFixture(t, 0, "")
	ctx := Start(t, exe, chromedp.WindowSize(1280, 900))
	s := &session{ctx: ctx}

	t.Run("fixture", func(t *testing.T) {
		m, mux, base := serveMetered(t, out, nil)
		b := s.newTab(t)
		b.base = base
		b.open(t, "/guides/")
		time.Sleep(500 * time.Millisecond) // what the page would fetch by itself, it has asked for
		if n, list := searchBytes(m.bytesNow()); strings.Contains(list, "/search/") {
			t.Errorf("the page loaded part of the search index before any search (%d bytes: %s)", n, list)
		}
		b.do(t, chromedp.Focus("#site-search"))
		tab := &Tab{T: t, Ctx: b.ctx}
		tab.WaitJS(`document.querySelectorAll("[data-search-facets] input[data-facet='0']").length === 4`, "the category facets")
		tab.WaitJS(`[...document.querySelectorAll("[data-search-facets] input[data-facet='1']")].map(b => b.parentNode.textContent.trim().split(" ")[0]).join() === "linux/amd64,linux/arm/v7,linux/arm64"`, "the platform facet, in a group of its own")
		b.do(t, chromedp.SendKeys("#site-search", "pyth"))
		tab.WaitJS(`document.querySelector("[data-search-count]").textContent === "2 results"`, `"2 results" for "pyth"`)
		if more := run(t, b, chromedp.Evaluate[bool](`document.querySelector("[data-search-more]").offsetParent !== null`)); more {
			t.Error("a button offers more results when all are shown")
		}
		titles := run(t, b, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".search-result")).map(li => li.querySelector("a").textContent + " [" + Array.from(li.querySelectorAll(".badge")).map(b => b.textContent).join(", ") + "]").join("; ")`))
		if want := "Python [Starter, Base, linux/amd64, linux/arm64]; Python FIPS [Base, FIPS, linux/amd64, linux/arm64]"; titles != want { // categories, then platforms
			t.Errorf("results for pyth: %s, want %s", titles, want)
		}
		// The badge lists are named after the facets their badges come from.
		names := run(t, b, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".search-result ul.badges")).map(u => u.getAttribute("aria-label")).join("; ")`))
		if want := "Categories, Platforms, Recently added; Categories, Platforms"; names != want {
			t.Errorf("names of the results' badge lists: %q, want %q", names, want)
		}
		// Python is new on the fixture's day: its result has the badge of
		// the lists, and the facet "Recently added" counts it.
		badges := run(t, b, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".search-result")).map(li => Array.from(li.querySelectorAll(".status-new")).map(b => b.textContent).join()).join("; ")`))
		if want := "New; "; badges != want {
			t.Errorf("New badges of the results for pyth: %q, want %q", badges, want)
		}
		tab.WaitJS(`[...document.querySelectorAll("[data-search-facets] input[data-facet='2']")].map(b => b.closest("fieldset").querySelector("legend").textContent + ": " + b.parentNode.textContent.trim()).join() === "Recently added: New 1"`, "the facet of new images, counting Python")
		// A word that only a guide's body has finds the guide.
		b.do(t, clear("#site-search"), chromedp.SendKeys("#site-search", "afternoon"))
		tab.WaitJS(`[...document.querySelectorAll(".search-result a")].map(a => a.getAttribute("href")).join() === "/guides/migrating/"`, "the migration guide for afternoon")

		// The facet narrows the results, and counts them per value.
		b.do(t, clear("#site-search"), chromedp.SendKeys("#site-search", "python"))
		tab.WaitJS(`document.querySelector("[data-search-count]").textContent === "2 results"`, `"2 results" for "python"`)
		b.do(t, chromedp.Click(`[data-search-facets] input[data-facet="0"][value="3"]`)) // FIPS
		tab.WaitJS(`document.querySelector("[data-search-count]").textContent === "1 result"`, `"1 result" for "python" in FIPS`)
		if got := run(t, b, chromedp.Evaluate[string](`document.querySelector(".search-result a").textContent`)); got != "Python FIPS" {
			t.Errorf("the FIPS facet shows %q, want Python FIPS", got)
		}
		tab.WaitJS(`document.querySelector("[data-search-facets] input[data-facet='0'][value='1']").parentNode.textContent.trim() === "Base 1"`, "the Base facet counting 1 result")

		// The keyboard reaches the results; Escape closes them.
		b.do(t, chromedp.Focus("#site-search"), chromedp.KeyEvent(kb.ArrowDown))
		if got := run(t, b, chromedp.Evaluate[string](`document.activeElement.textContent`)); got != "Python FIPS" {
			t.Errorf("arrow down focused %q, want the first result", got)
		}
		b.do(t, chromedp.KeyEvent(kb.Escape))
		if hidden := run(t, b, chromedp.Evaluate[bool](`document.querySelector("[data-search-panel]").hidden`)); !hidden {
			t.Error("Escape left the results open")
		}
		total, list := searchBytes(m.take())
		t.Logf("fixture: one session of queries downloaded %d bytes of scripts and index: %s", total, list)
		if total > searchBudget {
			t.Errorf("the queries downloaded %d bytes, over %d", total, searchBudget)
		}

		// The open results pass axe-core's checks.
		axe := readAxe(t)
		mux.HandleFunc(axePath, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			io.WriteString(w, axe)
		})
		b.do(t, chromedp.KeyEvent(kb.ArrowDown))
		tab.WaitJS(`!document.querySelector("[data-search-panel]").hidden`, "the results again")
		loadAxe(t, b)
		for _, v := range axeViolations(t, b) {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("with the results open: %s", formatViolations([]violation{v}))
			}
		}
		b.checkErrors(t, "/guides/")
	})

	for _, n := range []int{10_000, 100_000} {
		t.Run(fmt.Sprintf("%dk", n/1000), func(t *testing.T) {
			if n > 10_000 && testing.Short() {
				t.Skip("-short")
			}
			docs := searchtest.Documents(n)
			measureQueries(t, s, out, search.Build(slices.Values(docs), searchtest.Options()), docs[42].Title)
		})
	}
	// SITEGEN_SEARCH_SITE names a built site (a public/ folder) to
	// measure as it is, e.g. the 10,000-image benchmark catalog's.
	if dir := os.Getenv("SITEGEN_SEARCH_SITE"); dir != "" {
		t.Run("site", func(t *testing.T) {
			fsys := os.DirFS(dir)
			measureQueries(t, s, fsys, nil, titleOf(t, fsys, 42))
		})
	}
}

// titleOf returns the title of result id in the search index of a built
// site.
func titleOf(t *testing.T, fsys fs.FS, id int) string {
	t.Helper()
	var m struct {
		Build string
		Chunk int
	}
	var rows [][]any
	data, err := fs.ReadFile(fsys, "search/index.json")
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err == nil {
		data, err = fs.ReadFile(fsys, fmt.Sprintf("search/%s/d/%d.json", m.Build, id/m.Chunk))
	}
	if err == nil {
		err = json.Unmarshal(data, &rows)
	}
	if err != nil {
		t.Fatal(err)
	}
	return rows[id%m.Chunk][2].(string)
}

// keyGap is the time between two keys a reader types: slower than the
// search's debounce, so that every key searches.
const keyGap = 150 * time.Millisecond

// typeSlowly types text into the input sel a key at a time, as a reader
// would.
func typeSlowly(t *testing.T, b *browser, sel, text string) {
	t.Helper()
	for _, r := range text {
		b.do(t, chromedp.SendKeys(sel, string(r)))
		time.Sleep(keyGap)
	}
}

// clear empties an input.
func clear(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + strconv.Quote(sel) + `).value = ""`)
}

// measureQueries runs queries on a fresh page each, over index, and checks
// what each downloads and how soon its results show.
func measureQueries(t *testing.T, s *session, site fs.FS, index map[string][]byte, name string) {
	m, _, base := serveMetered(t, site, index)
	queries := []struct{ typed, facet string }{
		{"postgres", ""},         // a word in a fifth of the summaries
		{"kafka coll", ""},       // a word and a prefix
		{name, ""},               // a name
		{"python", "3"},          // a word in one category
		{"hardened gateway", ""}, // a word in every summary
		{"minimal static runtime scanner", ""},
	}
	for _, q := range queries {
		b := s.newTab(t)
		b.base = base
		m.take()
		b.open(t, "/404.html") // a page every site has, and a small one
		tab := &Tab{T: t, Ctx: b.ctx}
		b.do(t, chromedp.Focus("#site-search"))
		tab.WaitJS(`document.querySelectorAll("[data-search-facets] input").length > 0`, "the category facets")
		typeSlowly(t, b, "#site-search", q.typed)
		tab.WaitJS(`/^\d+ results?$/.test(document.querySelector("[data-search-count]").textContent) && !!document.querySelector(".search-result")`, "results for "+q.typed)
		if q.facet != "" {
			before := run(t, b, chromedp.Evaluate[string](`document.querySelector("[data-search-count]").textContent`))
			b.do(t, chromedp.Click(`[data-search-facets] input[data-facet="0"][value="`+q.facet+`"]`))
			tab.WaitJS(`document.querySelector("[data-search-count]").textContent !== `+strconv.Quote(before), "fewer results in facet "+q.facet)
		}
		// Wait for the facet counts too: they are part of what a query loads.
		tab.WaitJS(`document.querySelector("[data-search]").getAttribute("data-search-done") === `+strconv.Quote(q.typed), "the facet counts")
		first := run(t, b, chromedp.Evaluate[float64](`(() => {
			const form = document.querySelector("[data-search]");
			const shown = +form.getAttribute("data-search-shown"), start = +form.getAttribute("data-search-start");
			const ends = performance.getEntriesByType("resource").filter(r => r.name.includes("/search/") && r.responseEnd <= shown).map(r => r.responseEnd);
			return shown - Math.max(start, ...ends);
		})()`))
		count := run(t, b, chromedp.Evaluate[string](`document.querySelector("[data-search-count]").textContent`))
		total, list := searchBytes(m.take())
		// Searching again, with every part at hand, times the search
		// alone; the best of five is what the page costs on an idle
		// machine.
		best := 1e9
		for range 5 {
			mark := run(t, b, chromedp.Evaluate[string](`(() => {
				const form = document.querySelector("[data-search]");
				form.removeAttribute("data-search-done");
				form.requestSubmit();
				return form.getAttribute("data-search-shown");
			})()`))
			tab.WaitJS(`document.querySelector("[data-search]").getAttribute("data-search-done") === `+strconv.Quote(q.typed)+` && document.querySelector("[data-search]").getAttribute("data-search-shown") !== `+strconv.Quote(mark), "the search again")
			best = min(best, run(t, b, chromedp.Evaluate[float64](`(() => {
				const form = document.querySelector("[data-search]");
				return form.getAttribute("data-search-shown") - form.getAttribute("data-search-start");
			})()`)))
		}
		if n := searchBytesOf(m.take()); n > 0 {
			t.Errorf("%q searched again downloaded %d bytes more", q.typed, n)
		}
		if q.typed == "postgres" {
			// More results come, and the keyboard is taken to the first.
			b.do(t, chromedp.Click("[data-search-more]"))
			tab.WaitJS(`document.querySelectorAll(".search-result").length === 20 && document.activeElement === document.querySelectorAll(".search-result a")[10]`, "20 results, the 11th focused")
			m.take()
		}
		t.Logf("%q typed a key at a time (facet %q): %s, %d bytes in all; results %.1f ms after the last part arrived, %.1f ms at best with every part at hand: %s",
			q.typed, q.facet, count, total, first, best, list)
		if total > searchBudget {
			t.Errorf("%q downloaded %d bytes, over %d", q.typed, total, searchBudget)
		}
		if best > searchDelay {
			t.Errorf("%q took %.1f ms to show results with every part at hand, over %d ms", q.typed, best, searchDelay)
		}
		b.checkErrors(t, q.typed)
	}
}
