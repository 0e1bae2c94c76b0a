package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
)

// parsedFeed is what a reader of an Atom feed takes from WriteAtom's
// bytes.
type parsedFeed struct {
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Author  string `xml:"author>name"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func writeAtom(t *testing.T, f Feed) parsedFeed {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), xml.Header) || !strings.HasSuffix(buf.String(), "</feed>\n") {
		t.Errorf("the feed does not start with the XML header and end with </feed> and a newline:\n%s", buf.String())
	}
	var p parsedFeed
	if err := xml.Unmarshal(buf.Bytes(), &p); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return p
}

func hostURL(p string) string { return "https://example.com" + p }

// TestWriteAtom checks a feed's entries: only images with a date or a
// lastmod, newest first by the later of the two and then by name, each
// updated on that day and published on its date, linked to its page by
// its absolute URL; the feed updated on its newest entry's day, linking
// to itself and to its page.
func TestWriteAtom(t *testing.T) {
	img := func(name, added, lastmod string) *catalog.Image {
		i := &catalog.Image{Name: name, Title: strings.ToUpper(name), URL: "/images/" + name + "/", Summary: name + " image."}
		if added != "" {
			i.Added = day(added)
		}
		if lastmod != "" {
			i.Lastmod = day(lastmod)
		}
		return i
	}
	f := Feed{
		Title: "New images", Author: "Docs", SelfURL: "/feed.xml", PageURL: "/",
		Images: []*catalog.Image{
			img("old", "2026-01-05", ""),
			img("none", "", ""),                        // no date: left out
			img("touched", "2025-06-01", "2026-03-01"), // lastmod is the later
			img("b-same", "2026-02-01", ""),
			img("a-same", "", "2026-02-01"),
			img("stale", "2026-04-01", "2026-02-01"), // date is the later
		},
		Today: day("2026-11-30"),
		URL:   hostURL,
	}
	p := writeAtom(t, f)
	if p.ID != "https://example.com/" || p.Title != "New images" || p.Author != "Docs" {
		t.Errorf("feed id %q, title %q, author %q", p.ID, p.Title, p.Author)
	}
	if p.Updated != "2026-04-01T00:00:00Z" {
		t.Errorf("feed updated %q, want the newest entry's day", p.Updated)
	}
	if got := fmt.Sprint(p.Links); got != "[{self https://example.com/feed.xml} {alternate https://example.com/}]" {
		t.Errorf("links %s", got)
	}
	var got []string
	for _, e := range p.Entries {
		got = append(got, strings.Join([]string{e.ID, e.Title, e.Updated, e.Published, e.Link.Href, e.Summary}, " | "))
	}
	want := []string{
		"https://example.com/images/stale/ | STALE | 2026-04-01T00:00:00Z | 2026-04-01T00:00:00Z | https://example.com/images/stale/ | stale image. Added 2026-04-01. Updated 2026-02-01.",
		"https://example.com/images/touched/ | TOUCHED | 2026-03-01T00:00:00Z | 2025-06-01T00:00:00Z | https://example.com/images/touched/ | touched image. Added 2025-06-01. Updated 2026-03-01.",
		"https://example.com/images/a-same/ | A-SAME | 2026-02-01T00:00:00Z |  | https://example.com/images/a-same/ | a-same image. Updated 2026-02-01.",
		"https://example.com/images/b-same/ | B-SAME | 2026-02-01T00:00:00Z | 2026-02-01T00:00:00Z | https://example.com/images/b-same/ | b-same image. Added 2026-02-01.",
		"https://example.com/images/old/ | OLD | 2026-01-05T00:00:00Z | 2026-01-05T00:00:00Z | https://example.com/images/old/ | old image. Added 2026-01-05.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWriteAtomEmpty checks a feed with no dated image: no entries, and
// updated on the build's day.
func TestWriteAtomEmpty(t *testing.T) {
	for _, imgs := range [][]*catalog.Image{nil, {{Name: "undated", URL: "/images/undated/"}}} {
		p := writeAtom(t, Feed{Title: "T", Author: "A", SelfURL: "/feed.xml", PageURL: "/", Images: imgs,
			Today: time.Date(2026, 11, 30, 15, 4, 5, 0, time.UTC), URL: hostURL})
		if len(p.Entries) != 0 || p.Updated != "2026-11-30T00:00:00Z" {
			t.Errorf("%d images: %d entries, updated %q; want none, on the build's day", len(imgs), len(p.Entries), p.Updated)
		}
	}
}

// TestWriteAtomCap checks that a feed holds the MaxFeedEntries newest
// images.
func TestWriteAtomCap(t *testing.T) {
	var imgs []*catalog.Image
	start := day("2026-01-01")
	for i := range MaxFeedEntries + 5 {
		imgs = append(imgs, &catalog.Image{Name: fmt.Sprintf("i%03d", i), URL: fmt.Sprintf("/images/i%03d/", i), Added: start.AddDate(0, 0, i)})
	}
	p := writeAtom(t, Feed{Title: "T", Author: "A", SelfURL: "/feed.xml", PageURL: "/", Images: imgs, URL: hostURL})
	if len(p.Entries) != MaxFeedEntries {
		t.Fatalf("%d entries; want %d", len(p.Entries), MaxFeedEntries)
	}
	if first, last := p.Entries[0].Link.Href, p.Entries[MaxFeedEntries-1].Link.Href; first != hostURL("/images/i054/") || last != hostURL("/images/i005/") {
		t.Errorf("entries from %s to %s; want the newest, i054 to i005", first, last)
	}
}

// TestAtomIDWithoutHost checks the ids of a site without a host: a name-
// based UUID (RFC 4122 version 5 and variant) per site title and path,
// the same every build, and the page's absolute URL when there is a host.
func TestAtomIDWithoutHost(t *testing.T) {
	rel := func(p string) string { return "/docs" + p }
	f := Feed{Author: "Docs", URL: rel}
	uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := f.id("/images/go/"), f.id("/images/python/")
	for _, id := range []string{a, b} {
		if !uuid.MatchString(id) {
			t.Errorf("id %q is not a version 5 UUID URN", id)
		}
	}
	if a == b || a != f.id("/images/go/") {
		t.Errorf("ids %q and %q: want one per path, the same each time", a, b)
	}
	if other := (Feed{Author: "Other", URL: rel}).id("/images/go/"); other == a {
		t.Errorf("two sites' titles give the same id %q", a)
	}
	if empty := (Feed{Author: "Docs", URL: func(string) string { return "" }}).id("/images/go/"); !uuid.MatchString(empty) {
		t.Errorf("an empty URL gives id %q, want a UUID", empty)
	}
	if got := (Feed{Author: "Docs", URL: hostURL}).id("/images/go/"); got != "https://example.com/images/go/" {
		t.Errorf("with a host, id %q", got)
	}
}
