package catalog

import (
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/scan"
)

func TestScanStale(t *testing.T) {
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.FixedZone("", 2*3600))
	at := func(day int) *content.Report {
		return &content.Report{Report: &scan.Report{Date: time.Date(2026, 11, day, 23, 30, 0, 0, time.UTC)}}
	}
	for _, tc := range []struct {
		r      *content.Report
		maxAge int
		want   bool
	}{
		{at(1), 30, false}, // 29 days
		{at(1), 28, true},  // 29 days > 28
		{at(0), 30, false}, // 31 October: 30 days
		{at(-1), 30, true}, // 31 days
		{at(30), 1, false}, // today
		{&content.Report{Report: &scan.Report{}}, 1, false}, // no date
		{nil, 1, false},
	} {
		if got := stale(tc.r, tc.maxAge, today); got != tc.want {
			t.Errorf("stale(%v, %d) = %v, want %v", tc.r, tc.maxAge, got, tc.want)
		}
	}
}

func TestScanOfImages(t *testing.T) {
	r := &content.Report{Report: &scan.Report{Scanner: "grype", Counts: scan.Counts{High: 2, Low: 1}}}
	u := &content.Report{Report: &scan.Report{Scanner: "trivy", Counts: scan.Counts{Critical: 3}}}
	reports := map[string]*content.Report{"content/r/a.json": r, "content/r/u.json": u}
	a := &Image{Scan: newScan(content.Scan{Report: "r/a.json", Upstream: "r/u.json"}, reports, 30, time.Now())}
	b := &Image{Scan: newScan(content.Scan{Report: "r/a.json"}, reports, 30, time.Now())}
	c := &Image{Scan: newScan(content.Scan{}, reports, 30, time.Now())}
	if a.Scan.Report != r || a.Scan.Upstream != u || b.Scan.Upstream != nil || c.Scan.Report != nil {
		t.Errorf("scans %+v %+v %+v", a.Scan, b.Scan, c.Scan)
	}
	counts, n := ScanTotals([]*Image{a, b, c})
	if n != 2 || counts != (scan.Counts{High: 4, Low: 2}) {
		t.Errorf("totals %+v of %d images", counts, n)
	}
}
