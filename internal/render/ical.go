package render

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/catalog"
)

// Calendar is an iCalendar feed (RFC 5545) of the ends of life of some
// version streams.
type Calendar struct {
	Name    string // the calendar's name, e.g. "nginx: end of life"
	Host    string // the site's host, for UIDs; "" when the base URL has none
	Today   time.Time
	Streams []catalog.Stream // those without an end-of-life date are left out
	// PageURL returns the URL of an image's page: absolute when the site
	// has a host. A URL property is written only when it is absolute.
	PageURL func(img *catalog.Image) string
}

// noHost is the host in UIDs when the base URL has none: a name reserved
// never to resolve (RFC 2606).
const noHost = "sitegen.invalid"

// WriteICalendar writes c: one all-day event on each end of life, with
// alarms 30 and 7 days before. The output is the same bytes for the same
// c: DTSTAMP is c.Today, UIDs are the image name, version and host. Lines
// end in CRLF and are folded at 75 octets, never inside a UTF-8 sequence;
// TEXT values are escaped.
func WriteICalendar(buf *bytes.Buffer, c Calendar) {
	w := icalWriter{buf: buf}
	stamp := dayUTC(c.Today).Format("20060102T150405Z")
	host := c.Host
	if host == "" {
		host = noHost
	}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//sitegen//sitegen//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.prop("X-WR-CALNAME", c.Name)
	for _, s := range c.Streams {
		if s.Version.EOL.IsZero() {
			continue
		}
		summary := fmt.Sprintf("%s %s reaches end of life", s.Image.Title, s.Version.Version)
		url := c.PageURL(s.Image)
		day := dayUTC(s.Version.EOL)
		w.line("BEGIN:VEVENT")
		w.prop("UID", s.Image.Name+"/"+s.Version.Version+"/eol@"+host) // "/" is in no image name
		w.line("DTSTAMP:" + stamp)
		w.line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
		w.line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
		w.prop("SUMMARY", summary)
		w.prop("DESCRIPTION", fmt.Sprintf("Version stream %s of %s reaches its end of life on %s.\nSee %s", s.Version.Version, s.Image.Title, day.Format("2006-01-02"), url))
		if strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
			w.line("URL:" + url)
		}
		w.line("TRANSP:TRANSPARENT")
		for _, before := range []int{30, 7} {
			w.line("BEGIN:VALARM")
			w.line("ACTION:DISPLAY")
			w.line(fmt.Sprintf("TRIGGER:-P%dD", before))
			w.prop("DESCRIPTION", fmt.Sprintf("%s in %d days", summary, before))
			w.line("END:VALARM")
		}
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
}

func dayUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

type icalWriter struct{ buf *bytes.Buffer }

// prop writes a property whose value is TEXT.
func (w icalWriter) prop(name, text string) { w.line(name + ":" + EscapeText(text)) }

// line writes one content line, folded.
func (w icalWriter) line(s string) { w.buf.WriteString(Fold(s)) }

// EscapeText escapes an iCalendar TEXT value (RFC 5545 3.3.11): backslash,
// semicolon, comma and newline; carriage returns and the other control
// characters, which TEXT cannot hold, are left out (a tab stays).
func EscapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\', r == ';', r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20, r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold folds a content line (RFC 5545 3.1) and ends it with CRLF: no line
// is longer than 75 octets, each continuation starts with one space, and
// a UTF-8 sequence is never cut.
func Fold(s string) string {
	const limit = 75
	var b strings.Builder
	n := 0 // octets on the current line
	for _, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 3 // written as U+FFFD
		}
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
