package render

import (
	"bytes"
	"cmp"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/catalog"
)

// unfold undoes Fold (RFC 5545 3.1): a CRLF followed by one space or tab
// is taken out.
func unfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.ReplaceAll(s, "\r\n\t", "")
}

func TestFoldKeepsLinesShortAndUTF8Whole(t *testing.T) {
	// 200 characters, many of them two, three and four octets long.
	base := "Ünïcødé, ✓ 日本語; back\\slash 🐳 "
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < 200 {
		b.WriteString(base)
	}
	summary := string([]rune(b.String())[:200])
	line := "SUMMARY:" + EscapeText(summary)
	folded := Fold(line)
	if !strings.HasSuffix(folded, "\r\n") {
		t.Fatalf("folded line does not end in CRLF: %q", folded)
	}
	parts := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
	if len(parts) < 4 {
		t.Fatalf("a %d-octet line was folded into %d lines", len(line), len(parts))
	}
	for i, p := range parts {
		if len(p) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(p), p)
		}
		if !utf8.ValidString(p) {
			t.Errorf("line %d cuts a UTF-8 sequence: %q", i, p)
		}
		if i > 0 && !strings.HasPrefix(p, " ") {
			t.Errorf("continuation line %d does not start with a space: %q", i, p)
		}
		if strings.ContainsAny(p, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i, p)
		}
	}
	if got := unfold(folded); got != line+"\r\n" {
		t.Errorf("unfolded:\n%q\nwant\n%q", got, line+"\r\n")
	}
}

func TestFoldShortLine(t *testing.T) {
	line := strings.Repeat("x", 75)
	if got := Fold(line); got != line+"\r\n" {
		t.Errorf("a 75-octet line was changed: %q", got)
	}
	if got := Fold(line + "y"); got != line+"\r\n y\r\n" {
		t.Errorf("a 76-octet line: %q", got)
	}
}

// A line that is not UTF-8 (a page URL can be any bytes) is folded with
// each bad byte counted as the three octets of the U+FFFD written for it.
func TestFoldNotUTF8(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	for in, want := range map[string]string{
		x(72) + "\xff":           x(72) + "\ufffd\r\n",      // 75 octets: one line
		x(73) + "\xff":           x(73) + "\r\n \ufffd\r\n", // 76
		x(74) + "\xffy" + x(80):  x(74) + "\r\n \ufffdy" + x(70) + "\r\n " + x(10) + "\r\n",
		"\xff" + x(150) + "\xfe": "\ufffd" + x(72) + "\r\n " + x(74) + "\r\n " + x(4) + "\ufffd\r\n",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q):\n%q\nwant\n%q", in, got, want)
		}
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:                      `a\\b`,
		"a;b,c":                    `a\;b\,c`,
		"line\nnext":               `line\nnext`,
		"cr\r\nlf":                 `cr\nlf`,
		"bell\x07 tab\t":           "bell tab\t",
		"nginx 1.26, 1.27; \\ end": `nginx 1.26\, 1.27\; \\ end`,
		// Bytes that are not UTF-8 (a lone continuation byte, 0xff, a cut
		// sequence) become U+FFFD; whole characters stay as they are.
		"a\x80b\xffc\xc3":  "a\uFFFDb\uFFFDc\uFFFD",
		"caf\u00e9 \u65e5": "caf\u00e9 \u65e5",
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestICalendarIsDeterministicAndCRLF(t *testing.T) {
	img := &catalog.Image{Name: "nginx", Title: "nginx", URL: "/images/nginx/",
		Versions: []catalog.Version{{Version: "1.26", EOL: day("2027-04-30")}, {Version: "mainline"}}}
	today := day("2026-11-30")
	c := Calendar{Name: "test", Host: "example.org", Today: today, Streams: catalog.Lifecycle([]*catalog.Image{img}, today),
		PageURL: func(img *catalog.Image) string { return "https://example.org" + img.URL }}
	var a, b bytes.Buffer
	a.Write(AppendICalendar(nil, c))
	b.Write(AppendICalendar(nil, c))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two calendars of the same input differ")
	}
	s := a.String()
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Error("a line ends without CR")
	}
	for _, want := range []string{"UID:nginx/1.26/eol@example.org\r\n", "DTSTAMP:20261130T000000Z\r\n",
		"DTSTART;VALUE=DATE:20270430\r\n", "SUMMARY:nginx 1.26 reaches end of life\r\n",
		"URL:https://example.org/images/nginx/\r\n", "TRIGGER:-P30D\r\n", "TRIGGER:-P7D\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("calendar has no %q", want)
		}
	}
	if n := strings.Count(s, "BEGIN:VEVENT"); n != 1 {
		t.Errorf("%d events, want 1 (a stream without a date has none)", n)
	}
	c.Host, c.PageURL = "", func(img *catalog.Image) string { return img.URL }
	a.Reset()
	a.Write(AppendICalendar(nil, c))
	if s := a.String(); strings.Contains(s, "\r\nURL:") || !strings.Contains(s, "@sitegen.invalid") {
		t.Errorf("without a host, a relative URL property or no reserved host:\n%s", s)
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// FuzzICalendarAsSpecified checks AppendICalendar, which escapes and folds
// in place, against the plain reading of RFC 5545 below (each line made
// whole with fmt, escaped, then folded rune by rune): the same bytes for
// any title, version, name, URL and host, UTF-8 or not.
func FuzzICalendarAsSpecified(f *testing.F) {
	f.Add("nginx", "1.26", "nginx", "https://example.org/images/nginx/", "example.org", int64(0))
	f.Add("Ünïcødé, ✓ 日本語; back\\slash 🐳 "+strings.Repeat("long title ", 9), "1.2;3,4\n5", "a", "/images/a/", "", int64(400))
	f.Add("bad \xff\xfe utf-8 \x07 bell\r\n", "v\xc3", "b", "http://h/images/b/\xe2\x82", "h", int64(-3000))
	f.Fuzz(func(t *testing.T, title, version, name, url, host string, days int64) {
		today := day("2026-11-30")
		img := &catalog.Image{Name: name, Title: title, URL: url, Versions: []catalog.Version{
			{Version: version, EOL: today.AddDate(0, 0, int(days%5000))}, {Version: version + "-next"},
			{Version: "x" + version, EOL: today.AddDate(0, 0, int(days%700)+1)},
		}}
		c := Calendar{Name: title + " calendar", Host: host, Today: today,
			Streams: catalog.Lifecycle([]*catalog.Image{img}, today),
			PageURL: func(*catalog.Image) string { return url }}
		got := string(AppendICalendar([]byte("kept:"), c))
		want := "kept:" + specifiedICalendar(c)
		if got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	})
}

// specifiedICalendar is AppendICalendar written as plainly as the RFC
// reads, for FuzzICalendarAsSpecified.
func specifiedICalendar(c Calendar) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(specifiedFold(s)) }
	prop := func(name, text string) { line(name + ":" + specifiedEscape(text)) }
	stamp := dayUTC(c.Today).Format("20060102T150405Z")
	host := cmp.Or(c.Host, noHost)
	for _, s := range []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//sitegen//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"} {
		line(s)
	}
	prop("X-WR-CALNAME", c.Name)
	for _, s := range c.Streams {
		if s.Version.EOL.IsZero() {
			continue
		}
		summary := fmt.Sprintf("%s %s reaches end of life", s.Image.Title, s.Version.Version)
		url := c.PageURL(s.Image)
		d := dayUTC(s.Version.EOL)
		line("BEGIN:VEVENT")
		prop("UID", s.Image.Name+"/"+s.Version.Version+"/eol@"+host)
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		line("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
		prop("SUMMARY", summary)
		prop("DESCRIPTION", fmt.Sprintf("Version stream %s of %s reaches its end of life on %s.\nSee %s", s.Version.Version, s.Image.Title, d.Format("2006-01-02"), url))
		if strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
			line("URL:" + url)
		}
		line("TRANSP:TRANSPARENT")
		for _, before := range []int{30, 7} {
			line("BEGIN:VALARM")
			line("ACTION:DISPLAY")
			line(fmt.Sprintf("TRIGGER:-P%dD", before))
			prop("DESCRIPTION", fmt.Sprintf("%s in %d days", summary, before))
			line("END:VALARM")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func specifiedEscape(s string) string {
	var b strings.Builder
	for _, r := range s { // a byte that is not UTF-8 comes as U+FFFD
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

func specifiedFold(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := utf8.RuneLen(r)
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
