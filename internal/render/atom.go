package render

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
)

// MaxFeedEntries is the most entries an Atom feed has.
const MaxFeedEntries = 50

// Feed is an Atom feed (RFC 4287) of images added (their "date") and
// updated (their "lastmod").
type Feed struct {
	Title   string
	Author  string // the site's title
	SelfURL string // the feed's own URL; absolute when the site has a host
	PageURL string // the page the feed is of (the home page, a category)
	Images  []*catalog.Image
	Today   time.Time // the feed's updated when no image has a date
	// URL returns the URL of a site path: absolute when the site has a
	// host.
	URL func(path string) string
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published,omitempty"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary"`
}

// WriteAtom writes f: the images that have a date or a lastmod (the
// others are left out: a feed says what changed when), newest first by
// the later of the two, then by name, at most MaxFeedEntries. Each entry's
// id is its page's absolute URL, or, when the site has no host, a UUID
// made from the site's title and the page's path; it is updated on its
// later day and published on its date. The feed is updated on its newest
// entry's day, or on f.Today when it has none, so that the same input
// and day give the same bytes.
func WriteAtom(buf *bytes.Buffer, f Feed) error {
	imgs := slices.DeleteFunc(slices.Clone(f.Images), func(img *catalog.Image) bool { return changed(img).IsZero() })
	slices.SortFunc(imgs, func(a, b *catalog.Image) int {
		return cmp.Or(changed(b).Compare(changed(a)), cmp.Compare(a.Name, b.Name))
	})
	imgs = imgs[:min(len(imgs), MaxFeedEntries)]
	updated := f.Today
	if len(imgs) > 0 {
		updated = changed(imgs[0])
	}
	out := atomFeed{
		ID: f.id(f.PageURL), Title: f.Title, Updated: atomTime(updated),
		Author: atomAuthor{Name: f.Author},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.URL(f.SelfURL)},
			{Rel: "alternate", Type: "text/html", Href: f.URL(f.PageURL)},
		},
	}
	for _, img := range imgs {
		e := atomEntry{
			ID: f.id(img.URL), Title: img.Title, Updated: atomTime(changed(img)),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: f.URL(img.URL)},
			Summary: entrySummary(img),
		}
		if !img.Added.IsZero() {
			e.Published = atomTime(img.Added)
		}
		out.Entries = append(out.Entries, e)
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	buf.WriteString("\n")
	return nil
}

// changed is the later of an image's date and lastmod.
func changed(img *catalog.Image) time.Time {
	if img.Lastmod.After(img.Added) {
		return dayUTC(img.Lastmod)
	}
	if img.Added.IsZero() {
		return time.Time{}
	}
	return dayUTC(img.Added)
}

func entrySummary(img *catalog.Image) string {
	s := img.Summary
	if !img.Added.IsZero() {
		s += " Added " + img.Added.Format("2006-01-02") + "."
	}
	if !img.Lastmod.IsZero() {
		s += " Updated " + img.Lastmod.Format("2006-01-02") + "."
	}
	return s
}

func atomTime(t time.Time) string { return dayUTC(t).Format(time.RFC3339) }

// id is the Atom id of the page at the site path p.
func (f Feed) id(p string) string {
	u := f.URL(p)
	if len(u) > 0 && u[0] != '/' {
		return u
	}
	sum := sha1.Sum([]byte("sitegen:" + f.Author + ":" + p))
	sum[6] = sum[6]&0x0f | 0x50 // version 5
	sum[8] = sum[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}
