package render

import (
	"bytes"
	"strconv"
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
	stamp := dayUTC(c.Today).AppendFormat(nil, "20060102T150405Z")
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
	events := 0
	for _, s := range c.Streams {
		if !s.Version.EOL.IsZero() {
			events++
		}
	}
	// A calendar of thousands of events grows its buffer once, after the
	// first few, to what the rest take at their size and an eighth more:
	// growing by doubling would allocate twice the calendar, and
	// twice again when the last event does not fit.
	const sample = 64
	mark, written := buf.Len(), 0
	for _, s := range c.Streams {
		if s.Version.EOL.IsZero() {
			continue
		}
		w.event(s, c.PageURL(s.Image), host, stamp)
		if written++; written == sample && events > sample {
			each := (buf.Len() - mark) / sample
			buf.Grow(each * (events - sample) * 9 / 8)
		}
	}
	w.line("END:VCALENDAR")
}

// event writes the VEVENT of stream s, whose image's page is at url.
func (w *icalWriter) event(s catalog.Stream, url, host string, stamp []byte) {
	title, version := s.Image.Title, s.Version.Version
	day := dayUTC(s.Version.EOL)
	w.line("BEGIN:VEVENT")
	w.start("UID")
	w.raw = append(append(append(append(w.raw, s.Image.Name...), '/'), version...), "/eol@"...) // "/" is in no image name
	w.raw = append(w.raw, host...)
	w.endProp()
	w.line("DTSTAMP:" + string(stamp))
	w.start("DTSTART;VALUE=DATE")
	w.text = day.AppendFormat(w.text, "20060102")
	w.endLine()
	w.start("DTEND;VALUE=DATE")
	w.text = day.AddDate(0, 0, 1).AppendFormat(w.text, "20060102")
	w.endLine()
	// summary is "<title> <version> reaches end of life"
	summary := func() {
		w.raw = append(append(append(append(w.raw, title...), ' '), version...), " reaches end of life"...)
	}
	w.start("SUMMARY")
	summary()
	w.endProp()
	w.start("DESCRIPTION")
	w.raw = append(append(append(append(w.raw, "Version stream "...), version...), " of "...), title...)
	w.raw = append(w.raw, " reaches its end of life on "...)
	w.raw = append(day.AppendFormat(w.raw, "2006-01-02"), ".\nSee "...)
	w.raw = append(w.raw, url...)
	w.endProp()
	if strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
		w.line("URL:" + url)
	}
	w.line("TRANSP:TRANSPARENT")
	for _, before := range [...]int{30, 7} {
		w.line("BEGIN:VALARM")
		w.line("ACTION:DISPLAY")
		w.start("TRIGGER")
		w.text = append(strconv.AppendInt(append(w.text, "-P"...), int64(before), 10), 'D')
		w.endLine()
		w.start("DESCRIPTION")
		summary()
		w.raw = append(strconv.AppendInt(append(w.raw, " in "...), int64(before), 10), " days"...)
		w.endProp()
		w.line("END:VALARM")
	}
	w.line("END:VEVENT")
}

func dayUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// icalWriter writes content lines into buf. A line is made in text: its
// name and ":" (start), then either its value as it is, appended to text,
// and endLine, or its TEXT value unescaped, appended to raw, and endProp,
// which escapes it onto text. Both scratch buffers are reused from line
// to line, so that a calendar of thousands of events costs no allocation
// per line.
type icalWriter struct {
	buf       *bytes.Buffer
	text, raw []byte
}

// start begins the content line of property name.
func (w *icalWriter) start(name string) {
	w.text = append(append(w.text[:0], name...), ':')
	w.raw = w.raw[:0]
}

// endProp escapes the TEXT value in raw onto the line and writes it.
func (w *icalWriter) endProp() {
	w.text = appendEscaped(w.text, w.raw)
	w.endLine()
}

// endLine writes the line in text, folded.
func (w *icalWriter) endLine() { w.buf.Write(appendFolded(w.buf.AvailableBuffer(), w.text)) }

// prop writes a property whose value is TEXT.
func (w *icalWriter) prop(name, text string) {
	w.start(name)
	w.raw = append(w.raw, text...)
	w.endProp()
}

// line writes one content line, folded.
func (w *icalWriter) line(s string) {
	w.text = append(w.text[:0], s...)
	w.endLine()
}

// EscapeText escapes an iCalendar TEXT value (RFC 5545 3.3.11): backslash,
// semicolon, comma and newline; carriage returns and the other control
// characters, which TEXT cannot hold, are left out (a tab stays). A byte
// that is not UTF-8 becomes U+FFFD.
func EscapeText(s string) string { return string(appendEscaped(nil, []byte(s))) }

// appendEscaped appends s escaped as EscapeText says.
func appendEscaped(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, r)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '\\', c == ';', c == ',':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\t':
			dst = append(dst, c)
		case c < 0x20, c == 0x7f:
		default:
			dst = append(dst, c)
		}
		i++
	}
	return dst
}

// Fold folds a content line (RFC 5545 3.1) and ends it with CRLF: no line
// is longer than 75 octets, each continuation starts with one space, and
// a UTF-8 sequence is never cut. A byte that is not UTF-8 becomes U+FFFD.
func Fold(s string) string { return string(appendFolded(nil, []byte(s))) }

// appendFolded appends s folded as Fold says.
func appendFolded(dst, s []byte) []byte {
	const limit = 75
	if len(s) <= limit && utf8.Valid(s) {
		return append(append(dst, s...), '\r', '\n')
	}
	n := 0 // octets on the current line
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		out := size
		if r == utf8.RuneError && size == 1 {
			out = utf8.RuneLen(r) // written as U+FFFD
		}
		if n+out > limit {
			dst = append(dst, '\r', '\n', ' ')
			n = 1
		}
		if out != size {
			dst = utf8.AppendRune(dst, r)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		n += out
		i += size
	}
	return append(dst, '\r', '\n')
}
