package site_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestTodayMovesNew builds testdata/sites/new.txtar as of several days:
// Options.Today (which the command sets from SOURCE_DATE_EPOCH) alone
// moves which images /images/ and their pages mark new.
func TestTodayMovesNew(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/new.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		today string
		want  []string
	}{
		{"2026-10-27", nil},
		{"2026-10-28", []string{"old"}},
		{"2026-10-29", []string{"edge", "old"}},
		{"2026-11-26", []string{"edge", "old"}},
		{"2026-11-27", []string{"edge", "fresh"}},
		{"2026-11-28", []string{"fresh"}},
		{"2026-12-01", []string{"fresh", "later"}},
		{"2026-12-27", []string{"later"}},
		{"2026-12-31", nil},
	} {
		opts := archiveOptions(t, ar)
		opts.Today, _ = time.Parse(time.DateOnly, tt.today)
		report := buildReport(opts)
		var pages []string
		for _, name := range []string{"edge", "fresh", "later", "old", "undated"} {
			if newBadge.MatchString(report["images/"+name+"/index.html"]) {
				pages = append(pages, name)
			}
		}
		if !slices.Equal(pages, tt.want) {
			t.Errorf("as of %s the pages of %q are new, want %q", tt.today, pages, tt.want)
		}
		var listed []string
		for _, item := range listItem.Split(report["images/index.html"], -1)[1:] {
			if link, isNew := newItem(item); isNew {
				listed = append(listed, strings.Trim(strings.TrimPrefix(link, "/images/"), "/"))
			}
		}
		if !slices.Equal(listed, tt.want) {
			t.Errorf("as of %s /images/ marks %q new, want %q", tt.today, listed, tt.want)
		}
	}
}

// What newReport shows.
var (
	listItem   = regexp.MustCompile(`<li class="?(?:image-item|card)"?[ >]`)
	itemLink   = regexp.MustCompile(`href="?([^" >]*)`)
	newBadge   = regexp.MustCompile(`<span class="?status status-new"?>New</span>`)
	addedFact  = regexp.MustCompile(`<li>(?:<span class="?status status-new"?>New</span> )?Added on <time[^>]*>[^<]*</time></li>`)
	otherBadge = regexp.MustCompile(`status-new`)
)

// newReport shows where the "New" badge is: for each page that lists
// images (cards and list items), each image's link and "New" when its
// item has the badge; for each image page its "Added on" fact; how many
// badges each page has in all, so that one outside those places shows;
// and the search index's facets with their counts.
func newReport(names []string, files map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		html := files[n]
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		items := listItem.Split(html, -1)[1:]
		fact := addedFact.FindString(html)
		if len(items) == 0 && fact == "" {
			continue
		}
		fmt.Fprintf(&b, "== %s (%d badges)\n", n, len(otherBadge.FindAllString(html, -1)))
		if fact != "" {
			b.WriteString(fact + "\n")
		}
		for _, item := range items {
			line, isNew := newItem(item)
			if isNew {
				line += " New"
			}
			b.WriteString(line + "\n")
		}
	}
	var m struct {
		Facets []struct {
			Name, Label string
			Values      []struct {
				Key, Label string
				Count      int
			}
		}
	}
	if err := json.Unmarshal([]byte(files["search/index.json"]), &m); err != nil {
		fmt.Fprintf(&b, "search/index.json: %v\n", err)
	}
	for _, f := range m.Facets {
		fmt.Fprintf(&b, "== search facet %s %q:", f.Name, f.Label)
		for _, v := range f.Values {
			fmt.Fprintf(&b, " %s %q %d;", v.Key, v.Label, v.Count)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// newItem returns the link of a list item (the HTML from its <li> on)
// and whether the item has the "New" badge before its first </li>.
func newItem(item string) (link string, isNew bool) {
	link = "(no link)"
	if m := itemLink.FindStringSubmatch(item); m != nil {
		link = m[1]
	}
	if end := strings.Index(item, "</li>"); end >= 0 {
		item = item[:end]
	}
	return link, newBadge.MatchString(item)
}
