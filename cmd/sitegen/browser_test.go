package main

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sitegen/sitegen"
)

// TestBrowserLiveReload drives headless Chromium against sitegen serve: an
// open image page follows edits to its Markdown with no navigation by the
// test, switches to the error page when the file breaks and back when it is
// mended, ignores edits to other pages, and takes a stylesheet edit without
// reloading, and reconnects after a restart. It logs the median time from saving a file to the browser
// showing it.
func TestBrowserLiveReload(t *testing.T) {
	chromium := findChromium(t)
	d := startServe(t)
	css, err := fs.ReadFile(sitegen.Theme, "static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(d.dir, "static/css"), 0o755)
	d.write(t, "static/css/site.css", string(css)) // the theme's own: the build does not change
	demo := d.read(t, "content/images/demo.md")

	ctx := openBrowser(t, chromium)
	b := &browser{t: t, ctx: ctx}
	b.navigate(d.url + "images/demo/")
	b.waitText("first version")

	// Edits to the page's Markdown show without navigation.
	var took []time.Duration
	for i := range 5 {
		want := "edit number " + strconv.Itoa(i)
		start := time.Now()
		d.save(t, "content/images/demo.md", strings.Replace(demo, "first version", want, 1))
		b.waitText(want)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("save to shown, %d edits: median %s (min %s, max %s)",
		len(took), took[len(took)/2].Round(time.Millisecond), took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))

	// An edit to another page does not reload this one.
	b.setMarker()
	other := d.read(t, "content/images/other.md")
	d.save(t, "content/images/other.md", strings.Replace(other, "Another image.", "Another image, edited.", 1))
	d.waitFor(t, "/images/other/", 200, "Another image, edited.")
	time.Sleep(300 * time.Millisecond) // time enough for a wrong reload
	b.checkMarker("an edit to another page", d)

	// A broken file shows its error; mending it brings the page back.
	d.save(t, "content/images/demo.md", strings.Replace(demo, "---\nThe demo", "The demo", 1))
	b.waitText("content/images/demo.md:1")
	d.save(t, "content/images/demo.md", demo)
	b.waitText("first version")

	// A stylesheet edit applies without a reload.
	b.setMarker()
	d.save(t, "static/css/site.css", string(css)+"\nbody{caret-color:rgb(1, 2, 3)}\n")
	b.waitJS(`getComputedStyle(document.body).caretColor === "rgb(1, 2, 3)"`, "the new stylesheet")
	b.checkMarker("a stylesheet edit", d)

	// After a restart the page reconnects by itself, sees another version,
	// and reloads.
	start := time.Now()
	d = d.restart(t)
	b.waitJS(`window.__sitegenTestMarker === undefined && document.body.innerText.includes("first version")`,
		"a reload after the server restarted")
	t.Logf("restart to reloaded: %s", time.Since(start).Round(time.Millisecond))
}

// findChromium returns Debian's Chromium, or skips the test (fails it in CI).
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium: the live-reload browser test needs Debian's chromium (apt-get install chromium)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// openBrowser starts headless Chromium with a fresh profile; it is closed
// when the test ends, and cannot outlive 45 s.
func openBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	limit, cancelLimit := context.WithTimeout(context.Background(), 45*time.Second)
	alloc, cancelAlloc := chromedp.NewExecAllocator(limit, opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc() // waits for Chromium to exit, before its profile is removed
		cancelLimit()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("cannot start %s: %v", path, err)
	}
	return ctx
}

// browser is one tab, with bounded waits.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// eval evaluates expr in the page, within 10 s.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// navigate opens url, within 10 s.
func (b *browser) navigate(url string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		b.t.Fatalf("open %s: %v", url, err)
	}
}

// waitJS polls expr in the page every 10 ms until it is true, for up to
// 10 s. Errors while the page reloads are expected and retried.
func (b *browser) waitJS(expr, what string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	text := b.eval(`document.body ? document.body.innerText : ""`)
	b.t.Fatalf("the page never showed %s; it shows:\n%.800s", what, text)
}

func (b *browser) waitText(s string) {
	b.t.Helper()
	b.waitJS(`!!document.body && document.body.innerText.includes(`+strconv.Quote(s)+`)`, strconv.Quote(s))
}

// setMarker sets a variable that a reload would lose.
func (b *browser) setMarker() {
	b.t.Helper()
	b.eval(`window.__sitegenTestMarker = "kept"`)
}

func (b *browser) checkMarker(after string, d *devServer) {
	b.t.Helper()
	if b.eval(`String(window.__sitegenTestMarker)`) != "kept" {
		b.t.Errorf("the page reloaded after %s; the server said:\n%s%s", after, d.stdout, d.stderr)
	}
}

// firstAnswer waits, asking every 20 ms, until url answers 200.
func firstAnswer(t *testing.T, url string) {
	t.Helper()
	client := &http.Client{Timeout: time.Minute}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get(url)
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return
		}
	}
	t.Fatalf("%s never answered 200", url)
}

// TestBrowserBundledSiteEdit measures, on the bundled catalog, the time
// from start to the first page shown and to the first build done, and
// from saving an image's Markdown to the open page showing the edit, and
// checks that the server listens on loopback only. SITEGEN_SERVE_SITE names
// another site folder to measure instead (make bench-serve uses the
// 10,000-image catalog); its first image is edited.
func TestBrowserBundledSiteEdit(t *testing.T) {
	chromium := findChromium(t)
	from, image := "../..", "python"
	if s := os.Getenv("SITEGEN_SERVE_SITE"); s != "" {
		from = s
		names, _ := filepath.Glob(filepath.Join(s, "content/images/*.md"))
		if len(names) == 0 {
			t.Fatalf("no images in %s", s)
		}
		image = strings.TrimSuffix(filepath.Base(names[0]), ".md")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(from, "content"))); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	d := serveOn(t, dir, "127.0.0.1:0")
	if !strings.HasPrefix(d.url, "http://127.0.0.1:") {
		t.Fatalf("serving at %s, not on loopback", d.url)
	}
	page := "content/images/" + image + ".md"
	src := d.read(t, page)
	const anchor = "## Getting started"
	if !strings.Contains(src, anchor) {
		t.Fatalf("%s has no %q", page, anchor)
	}
	firstAnswer(t, d.url+"images/"+image+"/")
	t.Logf("start to first page answered (HTTP 200): %s", time.Since(start).Round(time.Millisecond))
	b := &browser{t: t, ctx: openBrowser(t, chromium)}
	b.navigate(d.url + "images/" + image + "/")
	b.waitText("Getting started")
	t.Logf("start to first page shown, Chromium started meanwhile: %s", time.Since(start).Round(time.Millisecond))
	// The first build finishes in the background; edits saved before it
	// is done show only after it.
	for deadline := time.Now().Add(5 * time.Minute); !strings.Contains(d.stdout.String(), "Built "); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the first build did not finish in 5 minutes; stderr:\n%s", d.stderr)
		}
	}
	t.Logf("start to first build done: %s", time.Since(start).Round(time.Millisecond))
	var took []time.Duration
	for i := range 7 {
		want := "bundled edit number " + strconv.Itoa(i)
		start := time.Now()
		d.save(t, page, strings.Replace(src, anchor, want+"\n\n"+anchor, 1))
		b.waitText(want)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	median := took[len(took)/2]
	t.Logf("%s, save to shown, %d edits: median %s (min %s, max %s)", from,
		len(took), median.Round(time.Millisecond), took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
	if testing.Verbose() {
		t.Logf("the server said:\n%s", d.stdout)
	}
}
