package search

import (
	"slices"
	"strings"
	"testing"
)

// TestTokenEdges checks the ends of the letter and digit ranges, and that
// the 40-character bound counts capitals and letters beyond ASCII too.
func TestTokenEdges(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"zebra Zulu Alpha a0z9", "zebra zulu alpha a0z9"},
		{strings.Repeat("X", 41) + " " + strings.Repeat("Y", 40), strings.Repeat("y", 40)},
		{strings.Repeat("é", 41) + " " + strings.Repeat("è", 40), strings.Repeat("è", 40)},
	} {
		if got := strings.Join(tokens(c.in), " "); got != c.want {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSummaryEdges checks that a summary that fits is kept whole, and that
// a long one is cut at a word only when the word ends past half of it.
func TestSummaryEdges(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc def", 7, "abc def"},
		{"aaaaaaa bbbbbbbb", 10, "aaaaaaa…"},     // the space at 7, past half: cut there
		{"aaaaa bbbbbbbbbbb", 10, "aaaaa bbbb…"}, // the space at 5, half: not past it
	} {
		if got := summary(c.in, c.n); got != c.want {
			t.Errorf("summary(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// TestAppendStringKeepsSpaces checks that only control characters are
// escaped: a space is written as it is.
func TestAppendStringKeepsSpaces(t *testing.T) {
	if got := string(appendString(nil, "a b\x1f")); got != `"a b\u001f"` {
		t.Errorf("appendString = %s", got)
	}
}

// TestChunkAndEmptyIndex checks that a multiple of ChunkDocs documents
// fills whole chunks with no empty one after, and that no documents make
// an index with no chunks and no shards.
func TestChunkAndEmptyIndex(t *testing.T) {
	o := opts
	o.ChunkDocs = 2
	if n := count(Build(slices.Values(docs[:2]), o), "/d/"); n != 1 {
		t.Errorf("2 documents in chunks of 2: %d chunk files", n)
	}
	empty := Build(slices.Values([]Document(nil)), opts)
	if _, ok := empty["index.json"]; !ok || count(empty, "/d/")+count(empty, "/t/") != 0 {
		t.Errorf("no documents: %d files, want index.json and no chunks or shards", len(empty))
	}
	if bare := Build(slices.Values([]Document(nil)), Options{}); len(bare) != 1 {
		t.Errorf("no documents, no facets: %d files, want index.json alone", len(bare))
	}
}

// count counts the files whose name holds part.
func count(files map[string][]byte, part string) int {
	n := 0
	for name := range files {
		if strings.Contains(name, part) {
			n++
		}
	}
	return n
}
