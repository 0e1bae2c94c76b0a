package scan

import (
	"bytes"
	"strings"
	"testing"
)

// TestCountsAdd checks that Add adds each severity to its own.
func TestCountsAdd(t *testing.T) {
	a := Counts{Critical: 1, High: 2, Medium: 3, Low: 4, Negligible: 5, Unknown: 6}
	b := Counts{Critical: 10, High: 20, Medium: 30, Low: 40, Negligible: 50, Unknown: 60}
	want := Counts{Critical: 11, High: 22, Medium: 33, Low: 44, Negligible: 55, Unknown: 66}
	if got := a.Add(b); got != want {
		t.Errorf("Add = %+v, want %+v", got, want)
	}
	if got := a.Add(Counts{}); got != a {
		t.Errorf("Add(zero) = %+v, want %+v", got, a)
	}
}

// TestReportOfMaxSize checks that a report of exactly MaxSize bytes is
// read, and that the error of a larger one is at no line.
func TestReportOfMaxSize(t *testing.T) {
	data := bytes.Repeat([]byte{' '}, MaxSize)
	copy(data, trivyReport)
	r, err := Parse(data)
	if err != nil {
		t.Fatalf("a report of MaxSize bytes: %v", err)
	}
	if r.Scanner != "trivy" || r.Counts.Total() != 3 {
		t.Errorf("got %+v", *r)
	}
	_, err = Parse(append(data, ' '))
	if err == nil || !strings.HasPrefix(err.Error(), "report is 67108865 bytes;") {
		t.Errorf("a report one byte over MaxSize: got %v, want an error at no line", err)
	}
}
