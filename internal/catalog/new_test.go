package catalog_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
)

// TestImageNew checks the window of Image.New: an image is new on the day
// of its date and the 29 days after (NewDays is 30), by calendar day in
// the zone of Options.Today; not on the 30th day after, not before its
// date, and never without a date or a day to count from.
func TestImageNew(t *testing.T) {
	dates := []string{"2026-11-30", "2026-11-01", "2026-10-31", "2026-12-01", ""}
	files := with(baseSite, map[string]string{})
	for i, d := range dates {
		key := ""
		if d != "" {
			key = "date: " + d + "\n"
		}
		files[fmt.Sprintf("content/images/img%d.md", i)] = "---\nsummary: An image.\ncategories: [base]\n" + key + "---\n"
	}
	tests := []struct {
		name  string
		today time.Time
		want  []bool // by the index of dates
	}{
		{"no today: nothing is new", time.Time{}, []bool{false, false, false, false, false}},
		{"the day of a date and 29 days after", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), []bool{true, true, false, false, false}},
		{"late in the day", time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC), []bool{true, true, false, false, false}},
		{"late in a zone behind UTC", time.Date(2026, 11, 30, 22, 0, 0, 0, time.FixedZone("-8", -8*3600)), []bool{true, true, false, false, false}},
		{"the next day", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), []bool{true, false, false, true, false}},
		{"the day of the oldest date", time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), []bool{false, false, true, false, false}},
		{"long after", time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), []bool{false, false, false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := build(t, catalog.Options{Today: tt.today}, files)
			var got []bool
			for i := range dates {
				got = append(got, cat.Image(fmt.Sprintf("img%d", i)).New)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("new = %v for dates %q; want %v", got, dates, tt.want)
			}
		})
	}
}
