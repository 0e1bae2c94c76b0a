package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/browsertest"
)

// TestBrowserLiveReload drives headless Chromium against sitegen serve: an
// open image page follows edits to its Markdown with no navigation by the
// test, switches to the error page when the file breaks and back when it is
// mended, ignores edits to other pages, and takes a stylesheet edit without
// reloading, and reconnects after a restart. It logs the median time from saving a file to the browser
// showing it.
func TestBrowserLiveReload(t *testing.T) {
	chromium := browsertest.Chromium(t)
	d := startServe(t)
	css, err := fs.ReadFile(sitegen.Theme, "static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(d.dir, "static/css"), 0o755)
	d.write(t, "static/css/site.css", string(css)) // the theme's own: the build does not change
	demo := d.read(t, "content/images/demo.md")

	b := &browsertest.Tab{T: t, Ctx: browsertest.Start(t, chromium)}
	b.Navigate(d.url + "images/demo/")
	b.WaitText("first version")

	// Edits to the page's Markdown show without navigation.
	var took []time.Duration
	for i := range 5 {
		want := "edit number " + strconv.Itoa(i)
		start := time.Now()
		d.save(t, "content/images/demo.md", strings.Replace(demo, "first version", want, 1))
		b.WaitText(want)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("save to shown, %d edits: median %s (min %s, max %s)",
		len(took), took[len(took)/2].Round(time.Millisecond), took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))

	// An edit to another page does not reload this one.
	setMarker(b)
	other := d.read(t, "content/images/other.md")
	d.save(t, "content/images/other.md", strings.Replace(other, "Another image.", "Another image, edited.", 1))
	d.waitFor(t, "/images/other/", 200, "Another image, edited.")
	time.Sleep(300 * time.Millisecond) // time enough for a wrong reload
	checkMarker(b, "an edit to another page", d)

	// A broken file shows its error; mending it brings the page back.
	d.save(t, "content/images/demo.md", strings.Replace(demo, "---\nThe demo", "The demo", 1))
	b.WaitText("content/images/demo.md:1")
	d.save(t, "content/images/demo.md", demo)
	b.WaitText("first version")

	// A stylesheet edit applies without a reload.
	setMarker(b)
	d.save(t, "static/css/site.css", string(css)+"\nbody{caret-color:rgb(1, 2, 3)}\n")
	b.WaitJS(`getComputedStyle(document.body).caretColor === "rgb(1, 2, 3)"`, "the new stylesheet")
	checkMarker(b, "a stylesheet edit", d)

	// After a restart the page reconnects by itself, sees another version,
	// and reloads.
	start := time.Now()
	d = d.restart(t)
	b.WaitJS(`window.__sitegenTestMarker === undefined && document.body.innerText.includes("first version")`,
		"a reload after the server restarted")
	t.Logf("restart to reloaded: %s", time.Since(start).Round(time.Millisecond))
}

// setMarker sets a variable in b's page that a reload would lose.
func setMarker(b *browsertest.Tab) {
	b.T.Helper()
	b.Eval(`window.__sitegenTestMarker = "kept"`)
}

// checkMarker fails the test when b's page lost the marker, which means it
// reloaded after what happened.
func checkMarker(b *browsertest.Tab, after string, d *devServer) {
	b.T.Helper()
	if b.Eval(`String(window.__sitegenTestMarker)`) != "kept" {
		b.T.Errorf("the page reloaded after %s; the server said:\n%s%s", after, d.stdout, d.stderr)
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
