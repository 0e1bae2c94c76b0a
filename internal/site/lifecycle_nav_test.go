package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestLifecycleGroupLinks checks the groups' line at the top of
// /lifecycle/: each group with its count, linked to where it starts, and a
// list of one page titled without a page number.
func TestLifecycleGroupLinks(t *testing.T) {
	out := buildLifecycle(t, "/", nov30)
	data, _ := out.File("lifecycle/index.html")
	page := string(data)
	for _, want := range []string{
		`<li class="stage-past"><a href="/lifecycle/#past">Past end of life</a>: 1</li>`,
		`<li class="stage-within-30-days"><a href="/lifecycle/#within-30-days">Within 30 days</a>: 1</li>`,
		`<li class="stage-within-90-days"><a href="/lifecycle/#within-90-days">Within 90 days</a>: 2</li>`,
		`<li class="stage-later"><a href="/lifecycle/#later">Later</a>: 1</li>`,
		`<li class="stage-no-date"><a href="/lifecycle/#no-date">No date</a>: 1</li>`,
		`<title>Lifecycle · Lifecycle test</title>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/lifecycle/ has no %s", want)
		}
	}
}

// TestLifecyclePageTitles checks the title, description and pager of a
// later page of a paginated /lifecycle/: its number of the pages there
// are, the streams it lists, itself marked current, and the pages before
// and after it.
func TestLifecyclePageTitles(t *testing.T) {
	data, _ := buildPaged(t).File("lifecycle/page/2/index.html")
	page := string(data)
	for _, want := range []string{
		"<title>Lifecycle, page 2 of 3 · Lifecycle test</title>", " Page 2 of 3.",
		`<p class="pager-status">Page 2 of 3: 3 to 4 of 6</p>`,
		`<a href="/lifecycle/" rel="prev">`,
		`<a href="/lifecycle/page/2/" aria-current="page" aria-label="Page 2">2</a>`,
		`<a href="/lifecycle/page/3/" rel="next">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/lifecycle/page/2/ has no %q", want)
		}
	}
}

// buildPaged builds lifecycleSite with two streams a page on 2026-11-30.
func buildPaged(t *testing.T) *site.Output {
	t.Helper()
	src := lifecycleSite("/")
	src["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Lifecycle test\npageSize: 2\n---\n")}
	res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: nov30})
	if err != nil {
		t.Fatal(err)
	}
	return res.Output
}
