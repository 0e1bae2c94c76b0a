package server

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/content"
)

// TestQuoteEdges checks which problems get source lines on the error page:
// one on the last line of a file without a final newline does, with that
// line marked; one at no line (line 0, the whole file) and one past the
// end do not.
func TestQuoteEdges(t *testing.T) {
	src := fstest.MapFS{"content/a.md": {Data: []byte("one\ntwo\nthree\nfour\nfive")}}
	for _, c := range []struct {
		line int
		want string // the lines quoted, the bad one starred
	}{
		{5, "2 3 4 *5"},
		{1, "*1 2 3 4"},
		{0, ""},
		{6, ""},
	} {
		var got []string
		for _, l := range quote(src, &content.Error{Path: "content/a.md", Line: c.line, Msg: "x"}, map[string][]string{}) {
			n := fmt.Sprint(l.N)
			if l.Bad {
				n = "*" + n
			}
			got = append(got, n)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("a problem at line %d quotes lines %q, want %q", c.line, got, c.want)
		}
	}
}

// TestQuotedProblemsAreCapped checks that the first maxQuoted problems get
// their lines quoted and the ones after are listed without.
func TestQuotedProblemsAreCapped(t *testing.T) {
	src := fstest.MapFS{"content/a.md": {Data: []byte("title: x\nquoted-line\n")}}
	var problems []*content.Error
	for range maxQuoted + 2 {
		problems = append(problems, &content.Error{Path: "content/a.md", Line: 2, Msg: "a problem"})
	}
	page := errorPage(problems, src)
	if n := bytes.Count(page, []byte("quoted-line")); n != maxQuoted {
		t.Errorf("%d problems, %d quoted; want %d", len(problems), n, maxQuoted)
	}
	if n := bytes.Count(page, []byte("<section>")); n != len(problems) {
		t.Errorf("%d problems, %d listed", len(problems), n)
	}
}

// TestInjectIntoShortPages checks pages shorter than the tag, and a tag
// cut off before its end, which is no tag.
func TestInjectIntoShortPages(t *testing.T) {
	tag := []byte(`<script src="/__sitegen/reload.js" data-version="v1" defer></script>`)
	for in, want := range map[string]string{
		"<head>":       "<head>" + string(tag),
		"<html>":       "<html>" + string(tag),
		"<head lang=x": "<head lang=x",
		"":             "",
	} {
		if got := string(inject([]byte(in), tag)); got != want {
			t.Errorf("inject(%q) = %q, want %q", in, got, want)
		}
	}
}
