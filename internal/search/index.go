package search

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tiers is how many posting lists a term has: names and titles, summaries
// and keywords, body text.
const tiers = 3

// postings are a term's documents, by tier, each in ascending order.
type postings [tiers][]int32

// addDoc lists document id under each of its terms, in the best tier it
// has the term in.
func (v *inverter) addDoc(id int32, d *Document, maxText int) {
	v.doc = id
	v.add(d.Title, 0)
	for _, n := range d.Names {
		v.add(n, 0)
	}
	v.add(d.Summary, 1)
	for _, k := range d.Keywords {
		v.add(k, 1)
	}
	v.add(cut(d.Text, maxText), 2)
	for _, t := range v.seen {
		v.lists[t][v.tier[t]] = append(v.lists[t][v.tier[t]], v.doc)
	}
	v.seen = v.seen[:0]
}

// terms returns every term's documents.
func (v *inverter) terms() map[string]*postings {
	terms := make(map[string]*postings, len(v.ids))
	for t, i := range v.ids {
		terms[t] = &v.lists[i]
	}
	return terms
}

// An inverter numbers terms as it meets them and keeps, for each, the last
// document it was seen in and its best tier there.
type inverter struct {
	ids   map[string]int32
	lists []postings
	last  []int32 // by term: the last document that has it
	tier  []int8  // by term: its best tier in that document
	seen  []int32 // the terms of the current document
	doc   int32
	buf   []byte
}

func (v *inverter) add(s string, tier int8) {
	v.buf = forTokens(s, v.buf, func(tok []byte) {
		t, ok := v.ids[string(tok)]
		if !ok {
			t = int32(len(v.lists))
			v.ids[string(tok)] = t
			v.lists = append(v.lists, postings{})
			v.last = append(v.last, -1)
			v.tier = append(v.tier, tier)
		}
		switch {
		case v.last[t] != v.doc:
			v.last[t], v.tier[t] = v.doc, tier
			v.seen = append(v.seen, t)
		case tier < v.tier[t]:
			v.tier[t] = tier
		}
	})
}

// cut returns at most n bytes of s, ending on a whole character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cutShards writes the terms in order into shards of about size bytes
// each, and returns them with the first and last term of each.
func cutShards(terms map[string]*postings, size int) (shards [][]byte, firsts, lasts []string) {
	var cur bytes.Buffer
	var entry []byte
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		cur.WriteByte(']')
		shards = append(shards, bytes.Clone(cur.Bytes()))
		cur.Reset()
	}
	prev := ""
	for _, t := range sortedKeys(terms) {
		entry = appendEntry(entry[:0], t, terms[t])
		if cur.Len() > 0 && cur.Len()+len(entry)+2 > size { // a comma before, a bracket after
			flush()
			lasts = append(lasts, prev)
		}
		if cur.Len() == 0 {
			firsts = append(firsts, t)
			cur.WriteByte('[')
		} else {
			cur.WriteByte(',')
		}
		cur.Write(entry)
		prev = t
	}
	if cur.Len() > 0 {
		flush()
		lasts = append(lasts, prev)
	}
	return shards, firsts, lasts
}

// appendEntry appends ["term","tier0","tier1","tier2"] to dst, trailing
// empty lists left out. Terms are letters and digits: nothing to escape.
func appendEntry(dst []byte, term string, p *postings) []byte {
	last := tiers - 1
	for last > 0 && len(p[last]) == 0 {
		last--
	}
	dst = append(dst, `["`...)
	dst = append(dst, term...)
	dst = append(dst, '"')
	for tier := 0; tier <= last; tier++ {
		dst = append(dst, `,"`...)
		dst = appendList(dst, p[tier])
		dst = append(dst, '"')
	}
	return append(dst, ']')
}

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendList appends the shorter encoding of ids (ascending) to dst: gaps
// or a bitmap (see the package doc).
func appendList(dst []byte, ids []int32) []byte {
	if len(ids) == 0 {
		return dst
	}
	gaps := gapsLen(ids)
	bitmap := 1 + int(ids[len(ids)-1])/6 + 1
	if bitmap < gaps {
		return appendBitmap(dst, ids)
	}
	prev := int32(-1)
	for _, id := range ids {
		dst = appendVarint(dst, uint32(id-prev-1))
		prev = id
	}
	return dst
}

func gapsLen(ids []int32) int {
	n, prev := 0, int32(-1)
	for _, id := range ids {
		n += varintLen(uint32(id - prev - 1))
		prev = id
	}
	return n
}

func varintLen(v uint32) int {
	n := 1
	for v >= 32 {
		v >>= 5
		n++
	}
	return n
}

func appendVarint(dst []byte, v uint32) []byte {
	for v >= 32 {
		dst = append(dst, digits[32|v&31])
		v >>= 5
	}
	return append(dst, digits[v])
}

func appendBitmap(dst []byte, ids []int32) []byte {
	bits := make([]byte, int(ids[len(ids)-1])/6+1)
	for _, id := range ids {
		bits[id/6] |= 1 << (id % 6)
	}
	dst = append(dst, '!')
	for _, b := range bits {
		dst = append(dst, digits[b])
	}
	return dst
}

// appendRow appends what a result shows to a chunk:
// [kind, url, title, summary, [[values of facet 0], ...]], with the kind
// and facet values as indexes into the manifest's lists (a kind not
// listed is -1).
func (x *indexer) appendRow(dst []byte, d *Document) []byte {
	kind, ok := x.kinds[d.Kind]
	if !ok {
		kind = -1
	}
	dst = append(dst, '[')
	dst = strconv.AppendInt(dst, int64(kind), 10)
	for _, s := range []string{d.URL, d.Title, summary(d.Summary, x.opts.MaxSummary)} {
		dst = appendString(append(dst, ','), s)
	}
	dst = append(dst, ",["...)
	for fi, f := range x.opts.Facets {
		if fi > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		n := 0
		for _, v := range d.Facets[f.Name] {
			if j, ok := x.values[fi][v]; ok {
				if n > 0 {
					dst = append(dst, ',')
				}
				dst = strconv.AppendInt(dst, int64(j), 10)
				n++
			}
		}
		dst = append(dst, ']')
	}
	return append(dst, "]]"...)
}

// appendString appends s to dst as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced, the rest as it is.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, r := range strings.ToValidUTF8(s, "\ufffd") {
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[r>>4], hex[r&15])
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}

// summary shortens s to about n bytes, at a word, marked with an ellipsis.
func summary(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = cut(s, n)
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,.;:") + "…"
}

// addFacets lists document id under each of its facet values.
func (x *indexer) addFacets(id int32, d *Document) {
	for fi, f := range x.opts.Facets {
		for _, v := range d.Facets[f.Name] {
			vi, ok := x.values[fi][v]
			if l := x.facets[fi][vi]; ok && (len(l) == 0 || l[len(l)-1] != id) {
				x.facets[fi][vi] = append(l, id)
			}
		}
	}
}

// facetFiles returns the facet files, by name, and each value's count, by
// facet: file "<f>-<v>.json" holds one JSON string, the posting list of
// value v of facet f.
func (x *indexer) facetFiles() (map[string][]byte, [][]int) {
	files := map[string][]byte{}
	var counts [][]int
	for fi, lists := range x.facets {
		c := make([]int, len(lists))
		for vi, l := range lists {
			c[vi] = len(l)
			data := append([]byte{'"'}, appendList(nil, l)...)
			files[itoa(fi)+"-"+itoa(vi)+".json"] = append(data, '"')
		}
		counts = append(counts, c)
	}
	return files, counts
}

// The manifest's shape; see the package doc.
type jsonManifest struct {
	Version int         `json:"version"`
	Build   string      `json:"build"` // the folder of the other files
	Docs    int         `json:"docs"`
	Chunk   int         `json:"chunk"`
	Shards  []string    `json:"shards"` // the first term of each
	Last    []string    `json:"last"`   // the last term of each
	Stop    []string    `json:"stop"`
	Kinds   []string    `json:"kinds"`
	Facets  []jsonFacet `json:"facets"`
}

type jsonFacet struct {
	Name   string      `json:"name"`
	Label  string      `json:"label"`
	Values []jsonValue `json:"values"`
}

type jsonValue struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

func manifest(build string, docs int, firsts, lasts []string, opts Options, counts [][]int) []byte {
	m := jsonManifest{
		Version: 1, Build: build, Docs: docs, Chunk: opts.ChunkDocs,
		Shards: nonNil(firsts), Last: nonNil(lasts), Stop: stopWords, Kinds: nonNil(opts.Kinds), Facets: []jsonFacet{},
	}
	for fi, f := range opts.Facets {
		jf := jsonFacet{Name: f.Name, Label: f.Label, Values: []jsonValue{}}
		for vi, v := range f.Values {
			jf.Values = append(jf.Values, jsonValue{Key: v.Key, Label: v.Label, Count: counts[fi][vi]})
		}
		m.Facets = append(m.Facets, jf)
	}
	return encodeJSON(m)
}

// encodeJSON encodes v compactly, without escaping HTML characters. The
// values encoded here always encode.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("search: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func itoa(i int) string { return strconv.Itoa(i) }
