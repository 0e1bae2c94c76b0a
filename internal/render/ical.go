package render

import (
	"slices"
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

// AppendICalendar appends c to dst: one all-day event on each end of
// life, with alarms 30 and 7 days before. The output is the same bytes for
// the same c: DTSTAMP is c.Today, UIDs are the image name, version and
// host. Lines end in CRLF and are folded at 75 octets, never inside a
// UTF-8 sequence; TEXT values are escaped.
func AppendICalendar(dst []byte, c Calendar) []byte {
	host := c.Host
	if host == "" {
		host = noHost
	}
	w := icalWriter{out: dst, host: host}
	w.out = append(w.out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sitegen//sitegen//EN\r\n"+
		"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"...)
	w.start()
	w.out = appendEscaped(append(w.out, "X-WR-CALNAME:"...), c.Name)
	w.end()
	w.stamp = append(dayUTC(c.Today).AppendFormat([]byte("DTSTAMP:"), "20060102T150405Z"), '\r', '\n')
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
	mark, written := len(w.out), 0
	for _, s := range c.Streams {
		if s.Version.EOL.IsZero() {
			continue
		}
		w.event(s, c.PageURL(s.Image))
		if written++; written == sample && events > sample {
			each := (len(w.out) - mark) / sample
			w.out = slices.Grow(w.out, each*(events-sample)*9/8)
		}
	}
	return append(w.out, "END:VCALENDAR\r\n"...)
}

// event writes the VEVENT of stream s, whose image's page is at url. Each
// TEXT value is escaped piece by piece as it is appended: the pieces are
// joined by ASCII, which no UTF-8 sequence holds, so that is the value
// escaped whole.
func (w *icalWriter) event(s catalog.Stream, url string) {
	title, version := s.Image.Title, s.Version.Version
	day := dayUTC(s.Version.EOL)
	w.out = append(w.out, "BEGIN:VEVENT\r\n"...)
	w.start()
	w.out = appendEscaped(append(w.out, "UID:"...), s.Image.Name)
	w.out = appendEscaped(append(w.out, '/'), version) // "/" is in no image name
	w.out = appendEscaped(append(w.out, "/eol@"...), w.host)
	w.end()
	w.out = append(w.out, w.stamp...)
	w.out = append(day.AppendFormat(append(w.out, "DTSTART;VALUE=DATE:"...), "20060102"), '\r', '\n')
	w.out = append(day.AddDate(0, 0, 1).AppendFormat(append(w.out, "DTEND;VALUE=DATE:"...), "20060102"), '\r', '\n')
	// summary is "<title> <version> reaches end of life"
	summary := func() {
		w.out = append(appendEscaped(w.out, title), ' ')
		w.out = append(appendEscaped(w.out, version), " reaches end of life"...)
	}
	w.start()
	w.out = append(w.out, "SUMMARY:"...)
	summary()
	w.end()
	w.start()
	w.out = appendEscaped(append(w.out, "DESCRIPTION:Version stream "...), version)
	w.out = appendEscaped(append(w.out, " of "...), title)
	w.out = day.AppendFormat(append(w.out, " reaches its end of life on "...), "2006-01-02")
	w.out = appendEscaped(append(w.out, `.\nSee `...), url)
	w.end()
	if strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
		w.start()
		w.out = append(append(w.out, "URL:"...), url...)
		w.endRaw()
	}
	w.out = append(w.out, "TRANSP:TRANSPARENT\r\n"...)
	for _, alarm := range [...]struct{ head, days string }{
		{"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P30D\r\n", " in 30 days"},
		{"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P7D\r\n", " in 7 days"},
	} {
		w.out = append(w.out, alarm.head...)
		w.start()
		w.out = append(w.out, "DESCRIPTION:"...)
		summary()
		w.out = append(w.out, alarm.days...)
		w.end()
		w.out = append(w.out, "END:VALARM\r\n"...)
	}
	w.out = append(w.out, "END:VEVENT\r\n"...)
}

func dayUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// icalWriter appends content lines to out. A line that is not a constant
// is appended as it is after start, its TEXT values escaped, and then
// folded in place by end (or endRaw, when it may hold bytes that are not
// UTF-8). Only a line over 75 octets is copied, to line, to be folded
// back: a calendar of thousands of events costs no allocation per line.
type icalWriter struct {
	out, line []byte
	stamp     []byte // the DTSTAMP line, the same in every event
	host      string
	lineStart int // where the current line starts in out
}

// start begins a content line.
func (w *icalWriter) start() { w.lineStart = len(w.out) }

// end folds the line begun by start, which is UTF-8 (escaping makes it
// so), and ends it with CRLF.
func (w *icalWriter) end() {
	if len(w.out)-w.lineStart <= foldAt {
		w.out = append(w.out, '\r', '\n')
		return
	}
	w.line = append(w.line[:0], w.out[w.lineStart:]...)
	w.out = appendFoldedUTF8(w.out[:w.lineStart], w.line)
}

// endRaw is end for a line that may hold bytes that are not UTF-8.
func (w *icalWriter) endRaw() {
	w.line = append(w.line[:0], w.out[w.lineStart:]...)
	w.out = appendFolded(w.out[:w.lineStart], w.line)
}

// EscapeText escapes an iCalendar TEXT value (RFC 5545 3.3.11): backslash,
// semicolon, comma and newline; carriage returns and the other control
// characters, which TEXT cannot hold, are left out (a tab stays). A byte
// that is not UTF-8 becomes U+FFFD.
func EscapeText(s string) string { return string(appendEscaped(nil, s)) }

// appendEscaped appends s escaped as EscapeText says. Bytes that need
// nothing are appended a run at a time.
func appendEscaped(dst []byte, s string) []byte {
	run := 0 // where the bytes not yet appended start
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(append(dst, s[run:i]...), r)
				run = i + 1
			}
			i += size
			continue
		}
		if textPlain[c] {
			i++
			continue
		}
		dst = append(dst, s[run:i]...)
		switch {
		case c == '\\', c == ';', c == ',':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		}
		i++
		run = i
	}
	return append(dst, s[run:]...)
}

// textPlain tells the ASCII bytes a TEXT value holds as they are: not
// backslash, semicolon, comma, newline or another control character but
// tab.
var textPlain = func() (plain [utf8.RuneSelf]bool) {
	for c := range plain {
		plain[c] = (c >= 0x20 && c != 0x7f && c != '\\' && c != ';' && c != ',') || c == '\t'
	}
	return plain
}()

// Fold folds a content line (RFC 5545 3.1) and ends it with CRLF: no line
// is longer than 75 octets, each continuation starts with one space, and
// a UTF-8 sequence is never cut. A byte that is not UTF-8 becomes U+FFFD.
func Fold(s string) string { return string(appendFolded(nil, []byte(s))) }

// foldAt is the most octets a line holds before a fold.
const foldAt = 75

// appendFolded appends s folded as Fold says.
func appendFolded(dst, s []byte) []byte {
	if utf8.Valid(s) {
		return appendFoldedUTF8(dst, s)
	}
	n := 0 // octets on the current line
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		out := size
		if r == utf8.RuneError && size == 1 {
			out = utf8.RuneLen(r) // written as U+FFFD
		}
		if n+out > foldAt {
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

// appendFoldedUTF8 is appendFolded for s that is UTF-8: each line takes
// as many octets as fit and is cut at the start of a character, which no
// continuation byte (10xxxxxx) is.
func appendFoldedUTF8(dst, s []byte) []byte {
	limit := foldAt
	for len(s) > limit {
		cut := limit
		for s[cut]&0xc0 == 0x80 {
			cut--
		}
		dst = append(append(dst, s[:cut]...), '\r', '\n', ' ')
		s = s[cut:]
		limit = foldAt - 1 // after the space
	}
	return append(append(dst, s...), '\r', '\n')
}
