package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// LifecycleURL is the page of every version stream by end of life.
const LifecycleURL = "/lifecycle/"

// Stage is where a version stream is in its life on a day.
type Stage int

// The stages, in the order /lifecycle/ lists them.
const (
	StagePast   Stage = iota // the end of life is before the day
	StageSoon30              // it is the day itself or at most 30 days after
	StageSoon90              // 31 to 90 days after
	StageLater               // more than 90 days after
	StageNoDate              // the stream has no end-of-life date
)

// Stages lists every stage in order.
var Stages = [...]Stage{StagePast, StageSoon30, StageSoon90, StageLater, StageNoDate}

// Title is how a page heads the stage's group.
func (s Stage) Title() string {
	return [...]string{"Past end of life", "Within 30 days", "Within 90 days", "Later", "No date"}[s]
}

// Slug names the stage in anchors and CSS classes.
func (s Stage) Slug() string {
	return [...]string{"past", "within-30-days", "within-90-days", "later", "no-date"}[s]
}

// Stream is one version stream of one image, where it stands on a day.
type Stream struct {
	Image   *Image
	Version Version
	Stage   Stage
	Days    int // days from the day to the end of life; negative once past
}

// DaysAgo is how many days ago a past end of life was.
func (s Stream) DaysAgo() int { return -s.Days }

// StageOf returns the stage of a stream whose end of life is eol (zero
// when unknown) on the day today, and the days between them. Only the
// calendar days count: the day of the end of life itself is within 30
// days, the day after it is past, exactly 30 days before is within 30
// and exactly 90 before within 90.
func StageOf(eol, today time.Time) (Stage, int) {
	if eol.IsZero() {
		return StageNoDate, 0
	}
	days := daysBetween(today, eol)
	switch {
	case days < 0:
		return StagePast, days
	case days <= 30:
		return StageSoon30, days
	case days <= 90:
		return StageSoon90, days
	}
	return StageLater, days
}

// daysBetween counts the calendar days from a to b, each in its own zone.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	d := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC))
	return int(d.Hours() / 24)
}

// Lifecycle returns every version stream of imgs on the day today, by
// stage, then end of life (soonest first; the longest past first among
// the past), then image name and the order of the image's versions.
func Lifecycle(imgs []*Image, today time.Time) []Stream {
	type row struct {
		Stream
		img, seq int // the image's place in imgs, the version's among its image's
	}
	n := 0
	for _, img := range imgs {
		n += len(img.Versions)
	}
	rows := make([]row, 0, n)
	for i, img := range imgs {
		for j, v := range img.Versions {
			st, days := StageOf(v.EOL, today)
			rows = append(rows, row{Stream{Image: img, Version: v, Stage: st, Days: days}, i, j})
		}
	}
	// Days orders ends of life as their dates do, and, when imgs is in
	// name order (a catalog's lists are), an image's place orders names:
	// integers to compare instead of times and strings, and an unstable
	// sort with the version's place last orders as a stable sort would.
	// At 10,000 images this sort was most of what an edit cost the dev
	// server.
	byName := slices.IsSortedFunc(imgs, func(a, b *Image) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(rows, func(a, b row) int {
		if c := cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Days, b.Days)); c != 0 {
			return c
		}
		if !byName {
			if c := cmp.Compare(a.Image.Name, b.Image.Name); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(a.img, b.img), cmp.Compare(a.seq, b.seq))
	})
	out := make([]Stream, len(rows))
	for i, r := range rows {
		out[i] = r.Stream
	}
	return out
}

// claimLifecycle claims the URLs of the lifecycle lists and the feeds
// (see checkURLs).
func (cat *Catalog) claimLifecycle(claim func(url, by string, line int)) {
	lists := func(list string, imgs []*Image) {
		streams := 0
		for _, img := range imgs {
			streams += len(img.Versions)
		}
		claim(list, "the generated "+list, 0)
		for n := 2; n <= Pages(streams, cat.Site.PageSize); n++ {
			claim(PageURL(list, n), fmt.Sprintf("the generated page %d of %s", n, list), 0)
		}
	}
	lists(LifecycleURL, cat.Images)
	for _, c := range cat.Categories {
		lists(c.URL+"lifecycle/", c.Images)
		claim(c.URL+"eol.ics/", "the generated "+c.URL+"eol.ics", 0)
		claim(c.URL+"feed.xml/", "the generated "+c.URL+"feed.xml", 0)
	}
	// Each image's calendar, images/<name>/eol.ics, is claimed by
	// checkURLs's lookup (imageOwner).
}
