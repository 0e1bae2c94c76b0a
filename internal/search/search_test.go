package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Python:3.12", "python 3 12"},
		{"The FIPS-ready image for the cloud", "fips ready image cloud"},
		{"  Ünïcode  ÉTÉ straße ", "ünïcode été straße"},
		{"redis-node-42", "redis node 42"},
		{"a an and of", ""},
		{strings.Repeat("x", 41) + " ok " + strings.Repeat("y", 40), "ok " + strings.Repeat("y", 40)},
		{"", ""},
	} {
		if got := strings.Join(tokens(c.in), " "); got != c.want {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLists encodes random lists, sparse and dense, and decodes them back;
// the encoding picked is the shorter one.
func TestLists(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		n := 1 + r.IntN(3000)
		density := []float64{0.001, 0.01, 0.1, 0.5, 1}[i%5]
		var ids []int32
		for id := range n {
			if r.Float64() < density {
				ids = append(ids, int32(id))
			}
		}
		enc := string(appendList(nil, ids))
		if got := decodeList(enc); !slices.Equal(got, ids) {
			t.Fatalf("%v encoded as %q decodes to %v", ids, enc, got)
		}
		if len(ids) == 0 {
			continue
		}
		gaps, bitmap := gapsLen(ids), 2+int(ids[len(ids)-1])/6
		if len(enc) != min(gaps, bitmap) {
			t.Fatalf("%d ids encoded in %d characters; gaps take %d, a bitmap %d", len(ids), len(enc), gaps, bitmap)
		}
	}
	// Gaps of every size round-trip.
	ids := []int32{0, 31, 32, 1055, 1056, 1<<20 + 7, 1<<30 + 1}
	if got := decodeList(string(appendList(nil, ids))); !slices.Equal(got, ids) {
		t.Errorf("%v decodes to %v", ids, got)
	}
}

var docs = []Document{
	{Kind: "Category", URL: "/categories/base/", Title: "Base", Summary: "Runtimes to build on.", Names: []string{"base-images"},
		Text: "Base images hold a language runtime.", Facets: map[string][]string{"category": {"base"}}},
	{Kind: "Page", URL: "/guides/fips/", Title: "FIPS guide", Summary: "How FIPS images differ.",
		Text: "Python runs the same; OpenSSL is the validated module."},
	{Kind: "Image", URL: "/images/python/", Title: "Python", Summary: "The CPython interpreter.", Names: []string{"python"},
		Keywords: []string{"python:3", "Base"}, Facets: map[string][]string{"category": {"base"}}},
	{Kind: "Image", URL: "/images/python-fips/", Title: "Python FIPS", Summary: "Python with OpenSSL in FIPS mode.",
		Names: []string{"python-fips"}, Keywords: []string{"Base", "FIPS"}, Facets: map[string][]string{"category": {"base", "fips"}}},
}

var opts = Options{
	Kinds: []string{"Category", "Page", "Image"},
	Facets: []Facet{{Name: "category", Label: "Categories", Values: []Value{
		{Key: "base", Label: "Base"}, {Key: "fips", Label: "FIPS"}, {Key: "ai", Label: "AI"},
	}}},
}

// index is a built index read back: its manifest and files.
type index struct {
	t     testing.TB
	m     jsonManifest
	files map[string][]byte
}

func readIndex(t testing.TB, files map[string][]byte) *index {
	t.Helper()
	ix := &index{t: t, files: files}
	if err := json.Unmarshal(files["index.json"], &ix.m); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	return ix
}

func (ix *index) file(name string, v any) {
	ix.t.Helper()
	data, ok := ix.files[ix.m.Build+"/"+name]
	if !ok {
		ix.t.Fatalf("no file %s", name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		ix.t.Fatalf("%s: %v", name, err)
	}
}

// lookup finds term as the client does: in the last shard whose first
// term is not after it. It returns the term's lists, decoded.
func (ix *index) lookup(term string) [][]int32 {
	s := 0
	for i, first := range ix.m.Shards {
		if first <= term {
			s = i
		}
	}
	var shard [][]string
	ix.file("t/"+itoa(s)+".json", &shard)
	for _, e := range shard {
		if e[0] == term {
			var out [][]int32
			for _, l := range e[1:] {
				out = append(out, decodeList(l))
			}
			return out
		}
	}
	return nil
}

func TestBuild(t *testing.T) {
	ix := readIndex(t, Build(slices.Values(docs), opts))
	if ix.m.Docs != 4 || ix.m.Chunk != DefaultChunkDocs || len(ix.m.Shards) != 1 {
		t.Errorf("manifest: %s", ix.files["index.json"])
	}
	// Each document is listed in the best tier it has the term in.
	for term, want := range map[string]string{
		"python":  "[[2 3] [] [1]]", // titles; the guide's body
		"base":    "[[0] [2 3]]",    // the category's title and name; the images' keyword
		"fips":    "[[1 3]]",        // titles
		"openssl": "[[] [3] [1]]",
		"cpython": "[[] [2]]",
		"3":       "[[] [2]]",
		"module":  "[[] [] [1]]",
		"images":  "[[0] [1]]", // the category's name (and its text); the guide's summary
	} {
		if got := strings.ReplaceAll(fmtLists(ix.lookup(term)), "[[]]", ""); got != want {
			t.Errorf("%s: %s, want %s", term, got, want)
		}
	}
	if got := ix.lookup("the"); got != nil {
		t.Errorf("the stop word %q is indexed: %v", "the", got)
	}
	var chunk [][]any
	ix.file("d/0.json", &chunk)
	row, _ := json.Marshal(chunk[3])
	if want := `[2,"/images/python-fips/","Python FIPS","Python with OpenSSL in FIPS mode.",[[0,1]]]`; string(row) != want {
		t.Errorf("python-fips shows %s, want %s", row, want)
	}
	var fips string
	ix.file("f/0-1.json", &fips)
	if got := decodeList(fips); !slices.Equal(got, []int32{3}) {
		t.Errorf("the FIPS facet lists %v, want [3]", got)
	}
	if c := ix.m.Facets[0].Values; c[0].Count != 3 || c[1].Count != 1 || c[2].Count != 0 {
		t.Errorf("facet counts %+v", c)
	}
}

func fmtLists(ls [][]int32) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, l := range ls {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('[')
		for k, id := range l {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(itoa(int(id)))
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return b.String()
}

// TestShards cuts many terms into small shards: the shards are in order,
// each within its size unless it holds one term, and every term is found
// where the manifest says.
func TestShards(t *testing.T) {
	var many []Document
	for i := range 3000 {
		many = append(many, Document{Title: "doc " + itoa(i*7919%100000), Summary: "word" + itoa(i%300)})
	}
	o := opts
	o.ShardBytes = 2000
	files := Build(slices.Values(many), o)
	ix := readIndex(t, files)
	if len(ix.m.Shards) < 10 {
		t.Fatalf("%d shards of 2000 bytes", len(ix.m.Shards))
	}
	prev := ""
	for i := range ix.m.Shards {
		var shard [][]string
		ix.file("t/"+itoa(i)+".json", &shard)
		if size := len(files[ix.m.Build+"/t/"+itoa(i)+".json"]); size > o.ShardBytes && len(shard) > 1 {
			t.Errorf("shard %d has %d bytes", i, size)
		}
		if shard[0][0] != ix.m.Shards[i] || shard[len(shard)-1][0] != ix.m.Last[i] {
			t.Errorf("shard %d holds %q to %q, the manifest says %q to %q", i, shard[0][0], shard[len(shard)-1][0], ix.m.Shards[i], ix.m.Last[i])
		}
		for _, e := range shard {
			if e[0] <= prev {
				t.Fatalf("shard %d: %q after %q", i, e[0], prev)
			}
			prev = e[0]
		}
	}
	for _, term := range []string{"doc", "word0", "word299", itoa(2999 * 7919 % 100000)} {
		if ix.lookup(term) == nil {
			t.Errorf("%q not found", term)
		}
	}
}

// TestDeterministic builds the same documents twice: the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := Build(slices.Values(docs), opts), Build(slices.Values(slices.Clone(docs)), opts)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs from one build to the next", name)
		}
	}
	changed := slices.Clone(docs)
	changed[1].Text += " More words."
	if c := readIndex(t, Build(slices.Values(changed), opts)); c.m.Build == readIndex(t, a).m.Build {
		t.Error("an edit kept the index's build name")
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("word ", 60)
	if got := summary(long, 40); got != "word word word word word word word word…" {
		t.Errorf("summary = %q", got)
	}
	if got := summary("short.", 40); got != "short." {
		t.Errorf("summary = %q", got)
	}
}

// TestChunkStrings writes titles and summaries that JSON must escape, and
// reads them back.
func TestChunkStrings(t *testing.T) {
	odd := []string{`say "hi"`, `C:\path`, "tab\there\nline", "bell\x07", "ünï €", "bad \xff byte", "</script>&"}
	var ds []Document
	for _, s := range odd {
		ds = append(ds, Document{Kind: "Nope", URL: "/" + s, Title: s, Summary: s})
	}
	ix := readIndex(t, Build(slices.Values(ds), Options{}))
	var rows [][]any
	ix.file("d/0.json", &rows)
	for i, s := range odd {
		want := strings.ToValidUTF8(s, "\ufffd")
		if rows[i][0] != -1.0 || rows[i][1] != "/"+want || rows[i][2] != want || rows[i][3] != want {
			t.Errorf("%q reads back as %q", s, rows[i])
		}
	}
}

// decodeList is appendList's inverse, as search.js decodes.
func decodeList(s string) []int32 {
	var ids []int32
	if rest, ok := strings.CutPrefix(s, "!"); ok {
		for i := 0; i < len(rest); i++ {
			v := strings.IndexByte(digits, rest[i])
			for k := range 6 {
				if v&(1<<k) != 0 {
					ids = append(ids, int32(6*i+k))
				}
			}
		}
		return ids
	}
	prev := int32(-1)
	var v, shift uint32
	for i := 0; i < len(s); i++ {
		d := uint32(strings.IndexByte(digits, s[i]))
		v |= (d & 31) << shift
		shift += 5
		if d&32 != 0 {
			continue
		}
		prev += int32(v) + 1
		ids = append(ids, prev)
		v, shift = 0, 0
	}
	return ids
}

// tokens returns the terms of s, as forTokens finds them.
func tokens(s string) []string {
	var out []string
	forTokens(s, nil, func(t []byte) { out = append(out, string(t)) })
	return out
}

// FuzzTokens checks what every term is: valid UTF-8, letters and digits
// only, lower-case, at most 40 of them, not a stop word; and that the
// posting lists of any document numbers decode back.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Python:3.12", "ÉTÉ straße", "a an the", "\xff\xfe", strings.Repeat("ab", 30)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range tokens(s) {
			n := 0
			for _, r := range tok {
				n++
				if !unicode.IsLetter(r) && !unicode.IsNumber(r) || unicode.ToLower(r) != r || r == utf8.RuneError {
					t.Fatalf("%q: term %q has %q", s, tok, r)
				}
			}
			if n > 40 || isStop([]byte(tok)) {
				t.Fatalf("%q: term %q", s, tok)
			}
		}
		var ids []int32
		for i, c := range []byte(s) {
			if len(ids) == 0 || ids[len(ids)-1] < int32(i)*int32(c) {
				ids = append(ids, int32(i)*int32(c))
			}
		}
		if got := decodeList(string(appendList(nil, ids))); !slices.Equal(got, ids) {
			t.Fatalf("%v decodes to %v", ids, got)
		}
	})
}
