package site_test

import (
	"strings"
	"testing"
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
