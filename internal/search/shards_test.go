package search

import (
	"strings"
	"testing"
)

// TestCut checks that cut keeps at most n bytes and never splits a
// character, and keeps a string of exactly n bytes whole; text that is not
// UTF-8 and starts with no whole character gives nothing, and no panic
// (the index takes any string it is given).
func TestCut(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abc", 4, "abc"},
		{"abc", 2, "ab"},
		{"héllo", 2, "h"}, // é is two bytes
		{"héllo", 3, "hé"},
		{"é", 1, ""},
		{"\x80\x80\x80", 2, ""},
	} {
		if got := cut(c.s, c.n); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// TestCutShardsEdges checks the shards of no terms (none), of a term
// bigger than a shard (a shard alone), and of terms that fill a shard to
// the byte (one shard); each shard's first and last term are listed.
func TestCutShardsEdges(t *testing.T) {
	one := func() *postings { return &postings{{1}} }
	if shards, firsts, lasts := cutShards(map[string]*postings{}, 100); len(shards)+len(firsts)+len(lasts) != 0 {
		t.Errorf("no terms: %d shards, firsts %q, lasts %q", len(shards), firsts, lasts)
	}

	// The first term and the last are bigger than a shard.
	big1, big2 := "a"+strings.Repeat("b", 200), "z"+strings.Repeat("b", 200)
	shards, firsts, lasts := cutShards(map[string]*postings{big1: one(), "c": one(), big2: one()}, 100)
	if want := big1 + ",c," + big2; len(shards) != 3 || strings.Join(firsts, ",") != want || strings.Join(lasts, ",") != want {
		t.Errorf("a term bigger than a shard: %d shards, firsts %q, lasts %q", len(shards), firsts, lasts)
	}

	a, b := appendEntry(nil, "a", one()), appendEntry(nil, "b", one())
	exact := len(a) + len(b) + 3 // [a,b]
	shards, firsts, lasts = cutShards(map[string]*postings{"a": one(), "b": one()}, exact)
	if len(shards) != 1 || len(shards[0]) != exact || firsts[0] != "a" || lasts[0] != "b" {
		t.Errorf("two terms in exactly %d bytes: %d shards %q, firsts %q, lasts %q", exact, len(shards), shards, firsts, lasts)
	}
}
