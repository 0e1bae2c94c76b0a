package render

import (
	"testing"

	"github.com/sitegen/sitegen/internal/scan"
)

// TestScanCounts checks the template function counts: the four main
// severities always, zero included, and negligible and unknown only when
// a report has some.
func TestScanCounts(t *testing.T) {
	for _, c := range []struct {
		counts scan.Counts
		want   string
	}{
		{scan.Counts{}, "0 critical, 0 high, 0 medium, 0 low"},
		{scan.Counts{Critical: 1, High: 2, Medium: 3, Low: 4}, "1 critical, 2 high, 3 medium, 4 low"},
		{scan.Counts{Negligible: 1}, "0 critical, 0 high, 0 medium, 0 low, 1 negligible"},
		{scan.Counts{Unknown: 7}, "0 critical, 0 high, 0 medium, 0 low, 7 unknown"},
		{scan.Counts{Low: 1, Negligible: 12, Unknown: 3}, "0 critical, 0 high, 0 medium, 1 low, 12 negligible, 3 unknown"},
	} {
		if got := scanCounts(c.counts); got != c.want {
			t.Errorf("counts %+v = %q; want %q", c.counts, got, c.want)
		}
	}
}
