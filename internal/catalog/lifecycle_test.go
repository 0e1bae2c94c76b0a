package catalog

import (
	"testing"
	"time"
)

func TestStageOfEdges(t *testing.T) {
	today := time.Date(2026, 11, 30, 23, 59, 0, 0, time.FixedZone("late", -11*3600))
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		eol   string
		stage Stage
		days  int
	}{
		{"2026-11-29", StagePast, -1},
		{"2026-11-30", StageSoon30, 0}, // the day itself is not past
		{"2026-12-30", StageSoon30, 30},
		{"2026-12-31", StageSoon90, 31},
		{"2027-02-28", StageSoon90, 90},
		{"2027-03-01", StageLater, 91},
		{"2020-01-01", StagePast, -2525},
	} {
		st, days := StageOf(day(c.eol), today)
		if st != c.stage || days != c.days {
			t.Errorf("StageOf(%s) = %s, %d days; want %s, %d", c.eol, st.Title(), days, c.stage.Title(), c.days)
		}
	}
	if st, _ := StageOf(time.Time{}, today); st != StageNoDate {
		t.Errorf("no date: %s", st.Title())
	}
}

func TestLifecycleOrder(t *testing.T) {
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	a := &Image{Name: "a", Versions: []Version{{Version: "1", EOL: at(2027, 6, 1)}, {Version: "2"}, {Version: "0", EOL: at(2020, 1, 1)}}}
	b := &Image{Name: "b", Versions: []Version{{Version: "9", EOL: at(2026, 12, 1)}, {Version: "8", EOL: at(2027, 6, 1)}}}
	var got []string
	for _, s := range Lifecycle([]*Image{b, a}, today) {
		got = append(got, s.Image.Name+s.Version.Version)
	}
	want := []string{"a0", "b9", "a1", "b8", "a2"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
