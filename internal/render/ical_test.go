package render

import (
	"bytes"
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

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:                      `a\\b`,
		"a;b,c":                    `a\;b\,c`,
		"line\nnext":               `line\nnext`,
		"cr\r\nlf":                 `cr\nlf`,
		"bell\x07 tab\t":           "bell tab\t",
		"nginx 1.26, 1.27; \\ end": `nginx 1.26\, 1.27\; \\ end`,
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
	WriteICalendar(&a, c)
	WriteICalendar(&b, c)
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
	WriteICalendar(&a, c)
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
