package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/browsertest"
)

// TestBrowserUpdateOrReload tells an in-place update from a reload in
// headless Chromium, by a variable set in the open page, which a reload
// loses: an edit to the page's body shows with the variable kept; a picture
// changed under the same name shows with it gone, since the page must load
// it again; a broken build shows its error page in place, and its mending
// the page again in place, with the site's stylesheet back in force; a
// page deleted shows the 404 page in place, and shows itself again in
// place when it is back.
func TestBrowserUpdateOrReload(t *testing.T) {
	chromium := browsertest.Chromium(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	const picture = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="%s"/></svg>`
	if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	d := serveOn(t, dir, "127.0.0.1:0")
	d.write(t, "static/picture.svg", strings.Replace(picture, "%s", "red", 1))
	d.waitFor(t, "/picture.svg", 200, "red")
	demo := d.read(t, "content/images/demo.md")

	b := &browsertest.Tab{T: t, Ctx: browsertest.Start(t, chromium)}
	b.Navigate(d.url + "images/demo/")
	b.WaitText("first version")

	setMarker(b)
	d.save(t, "content/images/demo.md", strings.Replace(demo, "first version", "an edit shown in place", 1))
	b.WaitText("an edit shown in place")
	checkMarker(b, "an edit to its body", d)

	d.save(t, "static/picture.svg", strings.Replace(picture, "%s", "blue", 1))
	b.WaitJS(`window.__sitegenTestMarker === undefined`, "a reload after a picture changed under its name")
	b.WaitText("an edit shown in place")

	setMarker(b)
	d.save(t, "content/images/demo.md", strings.Replace(demo, "---\nThe demo", "The demo", 1)) // front matter never closed
	b.WaitText("content/images/demo.md:1")
	checkMarker(b, "the build broke", d)
	// The page's stylesheets stay, loaded and disabled, for its return.
	b.WaitJS(`[...document.styleSheets].every(s => s.disabled || !(s.href || "").includes("/css/"))`,
		"no stylesheet of the site applied to the error page")

	d.save(t, "content/images/demo.md", demo)
	b.WaitText("first version")
	checkMarker(b, "the build was mended", d)
	b.WaitJS(`[...document.styleSheets].some(s => (s.href || "").includes("/css/site.") && !s.disabled) && document.querySelectorAll("style").length === 0 &&
		document.querySelectorAll('link[rel~="stylesheet"][href*="/css/site."]').length === 1`,
		"the site's stylesheet, once and enabled, and not the error page's styles, after the mending")
	if err := os.Remove(filepath.Join(d.dir, "content/images/demo.md")); err != nil {
		t.Fatal(err)
	}
	b.WaitText("Page not found")
	checkMarker(b, "the page was deleted", d)
	d.save(t, "content/images/demo.md", demo)
	b.WaitText("first version")
	checkMarker(b, "the page came back", d)

	// The page is live again: the next body edit is in place once more.
	setMarker(b)
	d.save(t, "content/images/demo.md", strings.Replace(demo, "first version", "in place again", 1))
	b.WaitText("in place again")
	checkMarker(b, "an edit to its body after the error page", d)
}
