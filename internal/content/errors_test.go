package content_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

func TestNearest(t *testing.T) {
	keys := []string{"title", "summary", "categories", "tags", "versions", "eol", "baseURL"}
	tests := []struct{ word, want string }{
		{"titel", "title"},
		{"Title", "title"},     // case only
		{"baseUrl", "baseURL"}, // case only
		{"categorys", "categories"},
		{"catgories", "categories"},
		{"tag", "tags"},
		{"eof", "eol"},
		{"colour", ""},
		{"x", ""},
		{"", ""},
		{"summaryy", "summary"},
		{"version", "versions"},
	}
	for _, tt := range tests {
		if got := content.Nearest(tt.word, keys); got != tt.want {
			t.Errorf("Nearest(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
	if got := content.Nearest("a", nil); got != "" {
		t.Errorf("Nearest with no candidates = %q", got)
	}
	// Ties go to the first candidate, so suggestions are stable.
	if got := content.Nearest("ab", []string{"ac", "ad"}); got != "ac" {
		t.Errorf("Nearest tie = %q; want the first, %q", got, "ac")
	}
}

func TestErrors(t *testing.T) {
	var l content.Errors
	if l.Err() != nil || l.Len() != 0 {
		t.Fatal("zero Errors is not empty")
	}
	l.Add(nil)
	l.Addf("b.md", 3, "three")
	l.Addf("a.md", 7, "seven")
	l.Addf("b.md", 1, "one")
	l.Addf("a.md", 0, "whole file")
	l.Addf("b.md", 3, "three") // a duplicate is reported once
	l.Addf("b.md", 3, "another at three")
	l.Merge("c.md", errors.Join(content.Errorf("c.md", 2, "joined"), fmt.Errorf("plain")))
	l.Merge("d.md", &fs.PathError{Op: "open", Path: "d.md", Err: fs.ErrNotExist})
	l.Merge("e.md", nil)
	want := []string{
		"a.md: whole file",
		"a.md:7: seven",
		"b.md:1: one",
		"b.md:3: three",
		"b.md:3: another at three", // same line: the order they were found
		"c.md: plain",
		"c.md:2: joined",
		"d.md: open d.md: file does not exist",
	}
	err := l.Err()
	list := content.List(err)
	if len(list) != len(want) {
		t.Fatalf("got %d errors; want %d:\n%v", len(list), len(want), err)
	}
	for i, e := range list {
		if e.Error() != want[i] {
			t.Errorf("error %d = %q; want %q", i, e.Error(), want[i])
		}
	}
	var e *content.Error
	if !errors.As(err, &e) || e.Error() != want[0] {
		t.Errorf("errors.As finds %v; want the first error", e)
	}
	if content.List(nil) != nil {
		t.Error("List(nil) is not empty")
	}
	if got := content.List(errors.New("x")); len(got) != 1 || got[0].Msg != "x" || got[0].Path != "" {
		t.Errorf("List of a plain error = %+v", got)
	}
}

func TestNearestShortWords(t *testing.T) {
	cats := []string{"ai", "base", "fips", "starter", "application"}
	tests := []struct{ word, want string }{
		{"ml", ""}, // every letter differs: not a typo
		{"a1", "ai"},
		{"AI", "ai"},
		{"fip", "fips"},
		{"bse", "base"},
		{"app", "application"},
		{"sta", "starter"},
		{"aplication", "application"},
		{"startr", "starter"},
		// Upper case from A to Z shortens a word as lower case does.
		{"APPl", "application"},
		{"STArt", "starter"},
		{"FIPs", "fips"},
	}
	for _, tt := range tests {
		if got := content.Nearest(tt.word, cats); got != tt.want {
			t.Errorf("Nearest(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
	if got := content.Nearest("ZOOk", []string{"base", "zookeeper"}); got != "zookeeper" {
		t.Errorf("Nearest(%q) = %q; want %q", "ZOOk", got, "zookeeper")
	}
}
