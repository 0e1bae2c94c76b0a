package site_test

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed/atom"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// lifecycleSite is a small catalog whose versions fall in every
// lifecycle group on 2026-11-30, with a title that needs escaping and
// folding in iCalendar and in XML.
func lifecycleSite(baseURL string) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	long := strings.Repeat("Ünïcødé, ✓ 日本語; back\\slash 🐳 & <b> ", 6)
	return fstest.MapFS{
		"content/_index.md":           file("---\ntitle: Lifecycle test\nbaseURL: " + baseURL + "\n---\n"),
		"content/categories/base.md":  file("---\ntitle: Base\nsummary: Base images.\n---\n"),
		"content/categories/apps.md":  file("---\ntitle: Apps\nsummary: Applications.\n---\n"),
		"content/images/nginx.md":     file("---\nsummary: A web server.\ncategories: [apps]\ndate: 2026-10-01\nlastmod: 2026-11-20\nversions:\n  - {version: \"1.26\", eol: 2026-11-30}\n  - {version: \"1.24\", eol: 2025-04-23}\n  - {version: mainline}\n---\n"),
		"content/images/php.md":       file("---\nsummary: PHP.\ncategories: [apps, base]\ndate: 2026-11-25\nversions:\n  - {version: \"8.2\", eol: 2026-12-31}\n  - {version: \"8.4\", eol: 2028-12-31}\n---\n"),
		"content/images/long.md":      file("---\ntitle: '" + long + "'\nsummary: A long title.\ncategories: [base]\nversions:\n  - {version: \"1,2;3\", eol: 2027-02-28}\n---\n"),
		"content/images/undated.md":   file("---\nsummary: No dates at all.\ncategories: [base]\n---\n"),
		"content/images/lastmod.md":   file("---\nsummary: Only a lastmod.\ncategories: [base]\nlastmod: 2026-06-01\n---\n"),
		"content/guides/_index.md":    file("---\ntitle: Guides\n---\n"),
		"content/guides/subscribe.md": file("---\ntitle: Subscribe\n---\nSee [the lifecycle](/lifecycle/).\n"),
	}
}

func buildLifecycle(t *testing.T, baseURL string, today time.Time) *site.Output {
	t.Helper()
	res, err := site.Build(site.Options{Source: lifecycleSite(baseURL), Theme: sitegen.Theme, Minify: true, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return res.Output
}

var nov30 = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// TestFeedsParse parses every iCalendar file with go-ical and every Atom
// feed with gofeed's Atom parser, real parsers of each format, and checks
// what they read.
func TestFeedsParse(t *testing.T) {
	for _, base := range []string{"https://example.org/docs/", "/"} {
		out := buildLifecycle(t, base, nov30)
		var ics, feeds int
		for _, name := range out.Names() {
			data, _ := out.File(name)
			switch path.Ext(name) {
			case ".ics":
				ics++
				checkCalendar(t, base, name, data)
			case ".xml":
				if path.Base(name) == "feed.xml" {
					feeds++
					checkAtom(t, base, name, data)
				}
			}
		}
		// lifecycle, 2 categories, 3 images with dates; site and 2 categories
		if ics != 6 || feeds != 3 {
			t.Errorf("%s: %d calendars and %d feeds, want 6 and 3", base, ics, feeds)
		}
	}
}

func checkCalendar(t *testing.T, base, name string, data []byte) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Errorf("%s: go-ical: %v", name, err)
		return
	}
	for _, p := range []string{ical.PropVersion, ical.PropProductID, ical.PropCalendarScale} {
		if cal.Props.Get(p) == nil {
			t.Errorf("%s: no %s", name, p)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
			t.Errorf("%s: line of %d octets or with a bare line end: %q", name, len(line), line)
		}
	}
	uids := map[string]bool{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		if uids[uid] {
			t.Errorf("%s: UID %s twice", name, uid)
		}
		uids[uid] = true
		start := ev.Props.Get(ical.PropDateTimeStart)
		if start == nil || start.ValueType() != ical.ValueDate {
			t.Errorf("%s: %s: DTSTART is not a DATE", name, uid)
		}
		stamp, err := ev.Props.DateTime(ical.PropDateTimeStamp, time.UTC)
		if err != nil || !stamp.Equal(nov30) {
			t.Errorf("%s: %s: DTSTAMP %v, %v; want the build day", name, uid, stamp, err)
		}
		summary, err := ev.Props.Text(ical.PropSummary)
		if err != nil || !strings.HasSuffix(summary, " reaches end of life") {
			t.Errorf("%s: %s: SUMMARY %q, %v", name, uid, summary, err)
		}
		if strings.HasPrefix(uid, "long/") && !strings.Contains(summary, "back\\slash 🐳 & <b>") {
			t.Errorf("%s: the long title did not survive escaping and folding: %q", name, summary)
		}
		url := ev.Props.Get(ical.PropURL)
		if (base != "/") != (url != nil) {
			t.Errorf("%s: %s: URL %v with base %s", name, uid, url, base)
		} else if url != nil && !strings.HasPrefix(url.Value, "https://example.org/docs/images/") {
			t.Errorf("%s: %s: URL %s", name, uid, url.Value)
		}
		var triggers []string
		for _, a := range ev.Children {
			if a.Name != ical.CompAlarm {
				continue
			}
			triggers = append(triggers, a.Props.Get(ical.PropTrigger).Value)
			if act := a.Props.Get(ical.PropAction); act == nil || act.Value != "DISPLAY" || a.Props.Get(ical.PropDescription) == nil {
				t.Errorf("%s: %s: an alarm without ACTION:DISPLAY and a DESCRIPTION", name, uid)
			}
		}
		if strings.Join(triggers, " ") != "-P30D -P7D" {
			t.Errorf("%s: %s: alarms %v", name, uid, triggers)
		}
	}
}

func checkAtom(t *testing.T, base, name string, data []byte) {
	t.Helper()
	feed, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: gofeed: %v", name, err)
		return
	}
	if feed.ID == "" || feed.Title == "" || feed.UpdatedParsed == nil || len(feed.Authors) == 0 {
		t.Errorf("%s: no id, title, updated or author: %+v", name, feed)
	}
	var got []string
	for i, e := range feed.Entries {
		if e.ID == "" || e.UpdatedParsed == nil || len(e.Links) == 0 {
			t.Errorf("%s: entry %d has no id, updated or link", name, i)
			continue
		}
		if base != "/" && !strings.HasPrefix(e.ID, "https://example.org/docs/images/") {
			t.Errorf("%s: id %s is not the page's URL", name, e.ID)
		}
		if base == "/" && !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("%s: id %s without a host", name, e.ID)
		}
		if i > 0 && e.UpdatedParsed.After(*feed.Entries[i-1].UpdatedParsed) {
			t.Errorf("%s: entry %d is newer than the one before", name, i)
		}
		got = append(got, fmt.Sprintf("%s %s", e.Title, e.UpdatedParsed.Format("2006-01-02")))
	}
	want := map[string]string{
		"feed.xml":                 "php 2026-11-25, nginx 2026-11-20, lastmod 2026-06-01",
		"categories/apps/feed.xml": "php 2026-11-25, nginx 2026-11-20",
		"categories/base/feed.xml": "php 2026-11-25, lastmod 2026-06-01",
	}[name]
	if strings.Join(got, ", ") != want {
		t.Errorf("%s: entries %q, want %q (newest first, undated left out)", name, strings.Join(got, ", "), want)
	}
	if !feed.UpdatedParsed.Equal(*feed.Entries[0].UpdatedParsed) {
		t.Errorf("%s: feed updated %v, not its newest entry's", name, feed.UpdatedParsed)
	}
}

// TestFeedsDeterministic builds the site twice: every file is the same.
func TestFeedsDeterministic(t *testing.T) {
	a, b := buildLifecycle(t, "https://example.org/", nov30), buildLifecycle(t, "https://example.org/", nov30)
	for _, name := range a.Names() {
		x, _ := a.File(name)
		y, ok := b.File(name)
		if !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same input and day", name)
		}
	}
}

// TestLifecycleGroups checks the groups of /lifecycle/ against the build
// day, at its edges: a version moves from "within 30 days" on its end of
// life to "past" the day after.
func TestLifecycleGroups(t *testing.T) {
	group := func(today time.Time, stream string) string {
		out := buildLifecycle(t, "/", today)
		page, _ := out.File("lifecycle/index.html")
		s := string(page)
		at := strings.Index(s, stream)
		if at < 0 {
			t.Fatalf("%s is not on /lifecycle/", stream)
		}
		h := strings.LastIndex(s[:at], "<h2 id=")
		return strings.Trim(s[h+len("<h2 id="):h+strings.Index(s[h:], ">")], `"`)
	}
	nginx := `/images/nginx/">nginx</a></th><td><code>1.26`
	php := `/images/php/">php</a></th><td><code>8.2`
	long := `<code>1,2;3`
	for _, c := range []struct {
		today         time.Time
		stream, group string
	}{
		{nov30, nginx, "within-30-days"},                    // the day of the end of life
		{nov30.AddDate(0, 0, 1), nginx, "past"},             // the day after
		{nov30.AddDate(0, 0, -30), nginx, "within-30-days"}, // exactly 30 days before
		{nov30.AddDate(0, 0, -31), nginx, "within-90-days"},
		{nov30, php, "within-90-days"},           // 31 days before
		{nov30, long, "within-90-days"},          // exactly 90 days before
		{nov30.AddDate(0, 0, -1), long, "later"}, // 91
		{nov30, `<code>mainline`, "no-date"},
	} {
		if got := group(c.today, c.stream); got != c.group {
			t.Errorf("on %s, %s is in %s, want %s", c.today.Format("2006-01-02"), c.stream, got, c.group)
		}
	}
}
