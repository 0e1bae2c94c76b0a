package catalog

import (
	"testing"
	"time"
)

// TestDaysAgo checks that a stream past its end of life says how many days
// ago that was, as a positive number of days.
func TestDaysAgo(t *testing.T) {
	today := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	stage, days := StageOf(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), today)
	s := Stream{Stage: stage, Days: days}
	if s.Stage != StagePast || s.DaysAgo() != 3 {
		t.Errorf("an end of life on 27 November, on the 30th: %s, %d days ago; want past, 3", s.Stage.Title(), s.DaysAgo())
	}
}
