package catalog

import (
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/scan"
)

// Scan is what an image's page shows of scanner reports: the report of
// the image and that of the upstream image it replaces, each nil when not
// given. A report is stale when its scan day is more than Site.ScanMaxAge
// days before the build day (Options.Today; days in UTC).
type Scan struct {
	Report, Upstream *content.Report
	Stale            bool // Report is stale
	UpstreamStale    bool // Upstream is stale
}

func newScan(paths content.Scan, reports map[string]*content.Report, maxAge int, today time.Time) Scan {
	var s Scan
	if paths.Report != "" {
		s.Report = reports["content/"+paths.Report]
	}
	if paths.Upstream != "" {
		s.Upstream = reports["content/"+paths.Upstream]
	}
	s.Stale = stale(s.Report, maxAge, today)
	s.UpstreamStale = stale(s.Upstream, maxAge, today)
	return s
}

// stale reports whether r was scanned more than maxAge days before today.
func stale(r *content.Report, maxAge int, today time.Time) bool {
	if r == nil || r.Date.IsZero() {
		return false
	}
	return dayNumber(today)-dayNumber(r.Date.UTC()) > maxAge
}

// dayNumber counts the days of t's date (in t's zone) since 1970-01-01.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ScanTotals adds up the reports of images: their counts, and how many
// images have a report.
func ScanTotals(images []*Image) (counts scan.Counts, scanned int) {
	for _, img := range images {
		if r := img.Scan.Report; r != nil {
			counts = counts.Add(r.Counts)
			scanned++
		}
	}
	return counts, scanned
}
