package main

import (
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

// TestGithubError checks the workflow command of a problem: properties
// and message escaped as GitHub's runner unescapes them, and no line or
// column when they are not known.
func TestGithubError(t *testing.T) {
	tests := []struct {
		e    content.Error
		want string
	}{
		{content.Error{Path: "content/a.md", Line: 3, Column: 7, Msg: "bad", Suggestion: "good"},
			`::error file=content/a.md,line=3,col=7::bad; did you mean "good"?`},
		{content.Error{Path: "content/a,b:c%.md", Msg: "100% wrong\r\nsee: x, y"},
			`::error file=content/a%2Cb%3Ac%25.md::100%25 wrong%0D%0Asee: x, y`},
		{content.Error{Msg: "no file"}, `::error::no file`},
	}
	for _, tt := range tests {
		if got := githubError(&tt.e); got != tt.want {
			t.Errorf("githubError(%+v) =\n%s\nwant\n%s", tt.e, got, tt.want)
		}
	}
}

// TestReportJSONClean checks that a clean report in JSON is an empty
// array, not null.
func TestReportJSONClean(t *testing.T) {
	var out, errs strings.Builder
	if n := report(&out, &errs, "json", nil, ""); n != 0 || out.String() != "[]\n" || errs.Len() != 0 {
		t.Errorf("report(nil) = %d, stdout %q, stderr %q", n, out.String(), errs.String())
	}
}
