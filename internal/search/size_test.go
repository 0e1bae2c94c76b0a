package search_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/search"
	"github.com/sitegen/sitegen/internal/search/searchtest"
)

// What the client reads at most for one query (static/js/search.js): a
// shard for each word but the last, three for the last (its completions),
// the chunks of the ten results it shows, and the facet lists: all of them
// when they are small, else the ones checked (two, say).
const (
	budget        = 300 << 10
	scriptBytes   = 16 << 10 // search.js and site.js, minified, with room to grow
	words         = 3
	prefixShards  = 3
	shownResults  = 10
	facetsChecked = 2
	facetsUpFront = 48 << 10
)

// TestQueryBudget builds the index of 10,000 and 100,000 generated images
// and adds up the largest files one query can need: within 300 KB with
// the scripts, whatever the query.
func TestQueryBudget(t *testing.T) {
	for _, n := range []int{10_000, 100_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			if n > 10_000 && testing.Short() {
				t.Skip("-short")
			}
			files := search.Build(slices.Values(searchtest.Documents(n)), searchtest.Options())
			var largest = map[string]int{}
			var facets []int
			size := 0
			for name, data := range files {
				size += len(data)
				kind := "manifest"
				if i := strings.Index(name, "/"); i >= 0 {
					kind = name[i+1 : i+2]
				}
				largest[kind] = max(largest[kind], len(data))
				if kind == "f" {
					facets = append(facets, len(data))
				}
			}
			facetBytes, all := 0, 0
			for _, f := range facets {
				all += f
			}
			if all <= facetsUpFront {
				facetBytes = all
			} else {
				facetBytes = facetsChecked * largest["f"]
			}
			worst := scriptBytes + largest["manifest"] + (words-1+prefixShards)*largest["t"] + shownResults*largest["d"] + facetBytes
			t.Logf("%d images: %d files, %d bytes; largest manifest %d, shard %d, chunk %d, facet list %d (all %d); worst query %d bytes",
				n, len(files), size, largest["manifest"], largest["t"], largest["d"], largest["f"], all, worst)
			if worst > budget {
				t.Errorf("a query can read %d bytes, over %d", worst, budget)
			}
			var m struct{ Docs int }
			if err := json.Unmarshal(files["index.json"], &m); err != nil || m.Docs != n {
				t.Errorf("the manifest counts %d documents (%v), want %d", m.Docs, err, n)
			}
		})
	}
}

// BenchmarkBuild: the index of 10,000 and 100,000 generated images.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			docs, opts := searchtest.Documents(n), searchtest.Options()
			for b.Loop() {
				search.Build(slices.Values(docs), opts)
			}
		})
	}
}
