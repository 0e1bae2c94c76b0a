package render

import (
	"strconv"
	"testing"

	"github.com/sitegen/sitegen/internal/catalog"
)

// BenchmarkICalendar writes the calendar of 1,000 images of three dated
// version streams each, into a reused buffer, as a build does.
func BenchmarkICalendar(b *testing.B) {
	today := day("2026-11-30")
	var imgs []*catalog.Image
	for i := range 1000 {
		name := "agent-cache-" + strconv.Itoa(i)
		imgs = append(imgs, &catalog.Image{Name: name, Title: name, URL: "/images/" + name + "/", Versions: []catalog.Version{
			{Version: "3.4", EOL: today.AddDate(0, 0, i%400)}, {Version: "3.5", EOL: today.AddDate(0, 0, i%400+90)},
			{Version: "4.0", EOL: today.AddDate(0, 0, i%400+400)}, {Version: "main"},
		}})
	}
	c := Calendar{Name: "bench: ends of life", Host: "example.org", Today: today, Streams: catalog.Lifecycle(imgs, today),
		PageURL: func(img *catalog.Image) string { return "https://example.org" + img.URL }}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendICalendar(buf[:0], c)
	}
	b.SetBytes(int64(len(buf)))
}
