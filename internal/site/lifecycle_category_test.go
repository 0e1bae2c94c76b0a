package site_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestCategoryLifecyclePages checks every page of the categories'
// lifecycle lists, two streams a page: the groups' line (each stage's
// count, linked to the page where it starts, unlinked when empty) and the
// streams of the page under their stages' headings, in order. A
// category's list is its images' part of the site's, with pages and
// counts of its own.
func TestCategoryLifecyclePages(t *testing.T) {
	out := buildPaged(t)
	apps := "past 1 /categories/apps/lifecycle/#past, within-30-days 1 /categories/apps/lifecycle/#within-30-days, " +
		"within-90-days 1 /categories/apps/lifecycle/page/2/#within-90-days, later 1 /categories/apps/lifecycle/page/2/#later, " +
		"no-date 1 /categories/apps/lifecycle/page/3/#no-date"
	base := "past 0, within-30-days 0, within-90-days 2 /categories/base/lifecycle/#within-90-days, " +
		"later 1 /categories/base/lifecycle/page/2/#later, no-date 0"
	for _, c := range []struct{ name, groups, sections string }{
		{"categories/apps/lifecycle/index.html", apps, "past: nginx 1.24; within-30-days: nginx 1.26"},
		{"categories/apps/lifecycle/page/2/index.html", apps, "within-90-days: php 8.2; later: php 8.4"},
		{"categories/apps/lifecycle/page/3/index.html", apps, "no-date: nginx mainline"},
		{"categories/base/lifecycle/index.html", base, "within-90-days: php 8.2, long 1,2;3"},
		{"categories/base/lifecycle/page/2/index.html", base, "later: php 8.4"},
	} {
		data, ok := out.File(c.name)
		if !ok {
			t.Errorf("no %s", c.name)
			continue
		}
		groups, sections := lifecycleSummary(string(data))
		if groups != c.groups {
			t.Errorf("%s: groups\n%s\nwant\n%s", c.name, groups, c.groups)
		}
		if sections != c.sections {
			t.Errorf("%s: sections %q, want %q", c.name, sections, c.sections)
		}
	}
}

var (
	groupItem   = regexp.MustCompile(`<li class="stage-([a-z0-9-]+)">(?:<a href="([^"]*)">)?[^<:]*(?:</a>)?: (\d+)</li>`)
	sectionHead = regexp.MustCompile(`<section aria-labelledby="([a-z0-9-]+)">`)
	streamRow   = regexp.MustCompile(`<th scope="row"><a href="/images/([a-z]+)/">.*?</a></th><td><code>([^<]*)</code>`)
)

// lifecycleSummary returns a lifecycle page's groups ("stage count href,
// …") and its sections ("stage: image version, …; …").
func lifecycleSummary(page string) (groups, sections string) {
	var g []string
	for _, m := range groupItem.FindAllStringSubmatch(page, -1) {
		g = append(g, strings.TrimSpace(m[1]+" "+m[3]+" "+m[2]))
	}
	var s []string
	heads := sectionHead.FindAllStringSubmatchIndex(page, -1)
	for i, h := range heads {
		end := len(page)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		var rows []string
		for _, m := range streamRow.FindAllStringSubmatch(page[h[1]:end], -1) {
			rows = append(rows, m[1]+" "+m[2])
		}
		s = append(s, page[h[2]:h[3]]+": "+strings.Join(rows, ", "))
	}
	return strings.Join(g, ", "), strings.Join(s, "; ")
}
