// Package search builds a site's search index: documents in, files out. It
// does no I/O; the site publishes the files under search/ and the theme's
// search.js reads them in the browser.
//
// The index is split so that a query downloads a small, bounded part of it,
// whatever the size of the site:
//
//   - index.json, the manifest (a fixed name, so that pages need not know
//     the index): the number of documents, the first and last term of
//     every term shard (so that a word between two shards costs nothing,
//     and a prefix reads only the shards that hold it), the size of the
//     result chunks, the stop words, the kinds of document and the facets
//     with their values and counts. It grows with the number of shards
//     only (a few bytes each).
//   - <hash>/t/<i>.json, term shard i: its terms, sorted, each with its
//     posting lists. Shards are
//     cut at about ShardBytes; a term bigger than that is a shard alone.
//   - <hash>/d/<i>.json, result chunk i: what a result shows (kind, URL,
//     title, summary, facet values) for ChunkDocs documents in a row, so
//     that a query loads the chunks of the results it shows and no more.
//   - <hash>/f/<facet>-<value>.json, the documents that have one facet
//     value, loaded when a reader narrows to it.
//
// <hash> names the build of the index (a hash of all its files), so that
// a manifest never meets a shard of another build and every file but the
// manifest can be cached for ever. The same documents always give the same
// bytes.
//
// Terms are the runs of letters and digits of the text, lower-cased, less
// a few English stop words. Each term has three posting lists, one per
// tier of field, a document listed in its best tier only: tier 0 holds
// names and titles, tier 1 summaries and keywords (what an image replaces,
// its tags and categories), tier 2 the text of the body, of which only the
// first MaxText bytes are read. The client ranks a result by the tiers its
// words match in, then by document number, so documents come in the order
// given: put the ones to show first first.
//
// A posting list is a string over the URL-safe base64 alphabet
// (A-Z a-z 0-9 - _, each character 6 bits), whichever is shorter of:
//
//   - gaps: the document numbers in ascending order, the first as it is and
//     each next one as its distance from the one before minus one, each as
//     a little-endian varint of 5-bit groups (the 6th bit set on all
//     groups but the last);
//   - a bitmap: "!" and then bit k of character i set when document 6*i+k
//     is listed, with trailing zero characters dropped.
//
// So a list costs at most a character per six documents of the site.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"iter"
	"unicode"
	"unicode/utf8"
)

// Document is one page to find.
type Document struct {
	Kind     string   // what the result is labelled, e.g. "Image"; one of Options.Kinds
	URL      string   // the link, as the page should write it
	Title    string   // tier 0
	Summary  string   // tier 1; shown under the title, cut at MaxSummary
	Names    []string // tier 0: the image's name, other names
	Keywords []string // tier 1: what it replaces, tags, category titles
	Text     string   // tier 2: the body as plain text
	// Facets holds the document's values of each facet, by facet name; the
	// values are Options.Facets' Value keys.
	Facets map[string][]string
}

// Facet is a way to narrow results, such as by category.
type Facet struct {
	Name   string  // key, e.g. "category"
	Label  string  // e.g. "Categories"
	Values []Value // in the order to show them
}

// Value is one value of a facet.
type Value struct {
	Key   string // e.g. "base"
	Label string // e.g. "Base images"
}

// Options shape the index. Zero fields take the defaults below.
type Options struct {
	Kinds      []string // the kinds of document, in the order to show them
	Facets     []Facet
	ShardBytes int // a term shard's target size; default 16 KiB
	ChunkDocs  int // documents per result chunk; default 8
	MaxText    int // bytes of Text read per document; default 16 KiB
	MaxSummary int // bytes of Summary kept for display; default 200
}

// Defaults.
const (
	DefaultShardBytes = 16 << 10
	DefaultChunkDocs  = 8
	DefaultMaxText    = 16 << 10
	DefaultMaxSummary = 200
	maxTermRunes      = 40 // longer runs of letters are not words anyone types
)

// stopWords are dropped from documents and queries alike; the manifest
// lists them for the client.
var stopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is",
	"it", "of", "on", "or", "that", "the", "this", "to", "with",
}

// isStop reports whether t is one of stopWords.
func isStop(t []byte) bool {
	switch string(t) {
	case "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is",
		"it", "of", "on", "or", "that", "the", "this", "to", "with":
		return true
	}
	return false
}

// forTokens calls f with each term of s, in order, repeats included: runs
// of letters and digits, lower-cased, at most 40 characters long (longer
// runs are not words anyone types), stop words left out. The client splits
// queries the same way. The term is in buf (grown as needed), which f must
// not keep.
func forTokens(s string, buf []byte, f func([]byte)) []byte {
	runes := 0
	flush := func() {
		if len(buf) > 0 && runes <= maxTermRunes && !isStop(buf) {
			f(buf)
		}
		buf, runes = buf[:0], 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				buf = append(buf, c)
				runes++
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				runes++
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			runes++
			continue
		}
		flush()
	}
	flush()
	return buf
}

// Build makes the index of docs, numbered in the order given. The result
// maps file names (index.json, <hash>/t/0.json, ...) to their bytes. It
// holds one document at a time, so docs may make each as it is asked for.
func Build(docs iter.Seq[Document], opts Options) map[string][]byte {
	opts.ShardBytes = cmp.Or(opts.ShardBytes, DefaultShardBytes)
	opts.ChunkDocs = cmp.Or(opts.ChunkDocs, DefaultChunkDocs)
	opts.MaxText = cmp.Or(opts.MaxText, DefaultMaxText)
	opts.MaxSummary = cmp.Or(opts.MaxSummary, DefaultMaxSummary)
	x := newIndexer(opts)
	for d := range docs {
		x.add(&d)
	}
	return x.finish()
}

// An indexer takes the documents one at a time: it lists their terms and
// facet values, and writes their result rows into chunks.
type indexer struct {
	opts   Options
	inv    inverter
	kinds  map[string]int   // kind -> its index in opts.Kinds
	values []map[string]int // by facet: value key -> its index
	facets [][][]int32      // by facet, by value: the documents
	chunks [][]byte         // the chunks written
	chunk  []byte           // the chunk being written
	n      int32            // documents so far
}

func newIndexer(opts Options) *indexer {
	x := &indexer{opts: opts, inv: inverter{ids: map[string]int32{}}, kinds: map[string]int{}}
	for i, k := range opts.Kinds {
		x.kinds[k] = i
	}
	for _, f := range opts.Facets {
		values := map[string]int{}
		for j, v := range f.Values {
			values[v.Key] = j
		}
		x.values = append(x.values, values)
		x.facets = append(x.facets, make([][]int32, len(f.Values)))
	}
	return x
}

func (x *indexer) add(d *Document) {
	id := x.n
	x.n++
	x.inv.addDoc(id, d, x.opts.MaxText)
	x.addFacets(id, d)
	if len(x.chunk) == 0 {
		x.chunk = append(x.chunk, '[')
	} else {
		x.chunk = append(x.chunk, ',')
	}
	x.chunk = x.appendRow(x.chunk, d)
	if x.n%int32(x.opts.ChunkDocs) == 0 {
		x.endChunk()
	}
}

func (x *indexer) endChunk() {
	if len(x.chunk) > 0 {
		x.chunks = append(x.chunks, append(bytes.Clone(x.chunk), ']'))
		x.chunk = x.chunk[:0]
	}
}

// finish writes the shards, the facet lists and the manifest.
func (x *indexer) finish() map[string][]byte {
	x.endChunk()
	shards, firsts, lasts := cutShards(x.inv.terms(), x.opts.ShardBytes)
	facets, counts := x.facetFiles()
	parts := map[string][]byte{}
	for i, s := range shards {
		parts["t/"+itoa(i)+".json"] = s
	}
	for i, c := range x.chunks {
		parts["d/"+itoa(i)+".json"] = c
	}
	for name, data := range facets {
		parts["f/"+name] = data
	}
	build := hashFiles(parts)
	files := make(map[string][]byte, len(parts)+1)
	for name, data := range parts {
		files[build+"/"+name] = data
	}
	files["index.json"] = manifest(build, int(x.n), firsts, lasts, x.opts, counts)
	return files
}

// hashFiles names a build by its files: the first 10 hex digits of the
// SHA-256 of their names and contents, in name order.
func hashFiles(files map[string][]byte) string {
	h := sha256.New()
	for _, name := range sortedKeys(files) {
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(files[name])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}
