package content

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// sameAsYAML fails t unless p either gives up on fm or answers what the
// yaml package does, value for value and line for line. It reports
// whether p answered.
func sameAsYAML(t *testing.T, p *fastParser, fm []byte) bool {
	t.Helper()
	const line0 = 2
	fast, ok := p.parse(fm, line0)
	if !ok {
		return false
	}
	slow, err := yamlTree(fm, line0)
	if err != nil {
		t.Fatalf("fastYAML answered %s\nwhere the yaml package says %d: %s\nfront matter:\n%s", dump(fast), err.line, err.msg, fm)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fastYAML answered %s\nthe yaml package %s\nfront matter:\n%s", dump(fast), dump(slow), fm)
	}
	return true
}

// dump writes a node tree out, one node a line, for failure messages.
func dump(n *node) string {
	var b strings.Builder
	var walk func(n *node, indent string)
	walk = func(n *node, indent string) {
		switch n.kind {
		case mapNode:
			b.WriteString(indent + "map @" + strconv.Itoa(n.line) + "\n")
			for i, k := range n.keys {
				b.WriteString(indent + "  key " + strconv.Quote(k.value) + " @" + strconv.Itoa(k.line) + "\n")
				walk(n.vals[i], indent+"    ")
			}
		case listNode:
			b.WriteString(indent + "list @" + strconv.Itoa(n.line) + "\n")
			for _, it := range n.items {
				walk(it, indent+"  ")
			}
		default:
			b.WriteString(indent + n.tag + " " + strconv.Quote(n.value) + " @" + strconv.Itoa(n.line) + "\n")
		}
	}
	walk(n, "\n")
	return b.String()
}

// fastYAMLSeeds returns the front matter of the bundled site, of the
// golden tests, of FuzzParse's corpus and of the gencatalog samples.
func fastYAMLSeeds(t testing.TB) [][]byte {
	var srcs [][]byte
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			srcs = append(srcs, src)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, name := range append(archives, "testdata/gencatalog.txtar") {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			srcs = append(srcs, f.Data)
		}
	}
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, name := range corpus {
		srcs = append(srcs, fuzzCorpusBytes(t, name)...)
	}
	var fms [][]byte
	for _, src := range srcs {
		if format, fm, _, _, err := splitFrontMatter(normalize(src)); err == nil && format == "yaml" {
			fms = append(fms, fm)
		}
	}
	return fms
}

// fuzzCorpusBytes returns the []byte values of a file of Go's fuzz corpus.
func fuzzCorpusBytes(t testing.TB, name string) [][]byte {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if q, ok := strings.CutPrefix(l, "[]byte("); ok {
			if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
				out = append(out, []byte(s))
			}
		}
	}
	return out
}

// FuzzFastYAML checks that fastYAML answers what the yaml package does
// wherever it answers at all.
func FuzzFastYAML(f *testing.F) {
	for _, fm := range fastYAMLSeeds(f) {
		f.Add(fm)
	}
	for _, c := range fastYAMLCases {
		f.Add([]byte(c.fm))
	}
	f.Fuzz(func(t *testing.T, fm []byte) {
		sameAsYAML(t, new(fastParser), fm)
	})
}

// TestFastYAMLAnswers checks that fastYAML answers for the front matter of
// the bundled site and of gencatalog's catalogs, so that loading them does
// not fall back to the yaml package.
func TestFastYAMLAnswers(t *testing.T) {
	var srcs [][]byte
	ar, err := txtar.ParseFile("testdata/gencatalog.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		srcs = append(srcs, f.Data)
	}
	paths, _ := filepath.Glob("../../content/*/*.md")
	paths = append(paths, "../../content/_index.md")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	var p fastParser // one for all, as a reader has
	for _, src := range srcs {
		_, fm, _, _, err := splitFrontMatter(normalize(src))
		if err != nil {
			t.Fatal(err)
		}
		if !sameAsYAML(t, &p, fm) {
			t.Errorf("fastYAML gave up on\n%s", fm)
		}
	}
}

// fastYAMLCases are front matter texts with whether fastYAML answers;
// where it does, the answer must be the yaml package's.
var fastYAMLCases = []struct {
	fm     string
	answer bool
}{
	{"", true},
	{"\n\n", true},
	{"# only a comment\n", true},
	{"title: x\n", true},
	{"title: x", true},
	{"title: x   \n", true},
	{"title:   x y  z\n", true},
	{"title: x # comment\n", true},
	{"title: x#y\n", true},
	{"title: a:b\n", true},
	{"upstream: https://example.org/a\n", true},
	{"title: x\n\n# comment\n   # indented comment\nsummary: y\n", true},
	{"a: 1\nb: 0\nc: 65532\nd: 123456789012345678\n", true},
	{"a: true\nb: False\nc: TRUE\nd: null\ne: ~\nf: Null\ng: NULL\nh: yes\ni: no\nj: on\n", true},
	{"a: 2027-01-31\nb: 2027-02-30\n", false},
	{"a: 2027-1-31\n", false},
	{"a: 2027-01-31T10:00:00Z\n", false},
	{"a: 1.5\n", false},
	{"a: 007\n", false},
	{"a: 1234567890123456789\n", false},
	{"a: 1_000\n", false},
	{"a: 0x1f\n", false},
	{"a: 0xa\n", false},
	{"a: 0XAF\n", false},
	{"a: 0o17\n", false},
	{"a: 0O17\n", false},
	{"a: 0b101\n", false},
	{"a: 1e5\n", false},
	{"a: 1E+5\n", false},
	{"a: 1.5_0\n", false},
	{"a: 1z\n", true},
	{"a: 2g\n", true},
	{"a: 3G\n", true},
	{"a: 12:30\n", true},
	{"a: 12 monkeys\n", true},
	{"a: -1\n", false},
	{"a: +1\n", false},
	{"a: .5\n", false},
	{"a: .inf\n", true},
	{"a: <<\n", true},
	{"a: 6 images\n", true},
	{"a: 6images\n", true},
	{"a: 6ax\n", false}, // no letter but a-f, o and x
	{"a: 1.5 GB\n", true},
	{"a: 2027-01-31 x\n", false},
	{"a: .NET\n", true},
	{"a: .\n", true},
	{"a: .5x\n", false},
	{"<<: x\n", false},
	{"a: <b>\n", true},
	{"a: \"quoted: text # here\"\n", true},
	{"a: \"\"\nb: ''\n", true},
	{"a: 'it''s' # c\n", true},
	{"a: 'it''s'\nb: 'x'''", true}, // closing quotes last on their lines
	{"a: 'it''s'#c\n", false},
	{"a: 'x'\n", true},
	{"a: \"x\"y\n", false},
	{"a: \"x\\ty\"\n", false},
	{"a: \"x\\\"y\\\\z\\\"\"\n", true},
	{"a: \"x\\\n", false},
	{"a: \"\\\"a\"\n", true}, // an escaped quote first
	{"a: \"x\\\"\n", false},
	{"a: \"x\\\\\" # c\n", true},
	{"a: 'x'' # c\n", false},
	{"a: '''' # c\n", true},
	{"a: [\"x\\\"\", 'y''', z]\n", true},
	{"a: \"x\n  y\"\n", false},
	{"a: 'x\n  y'\n", false},
	{"a: 'x''\n", false},
	{"a: \"2\"\nb: '3.5'\n", true},
	{"a:\nb:\n", true},
	{"a: # nothing\nb: 1\n", true},
	{"a: [x, \"y\", 'z', 1, 2027-01-31, true]\n", true},
	{"a: []\nb: [ ]\n", true},
	{"a: [x] # c\n", true},
	{"a: ['x' , \"y\" ]\n", true},
	{"a: [x]#c\n", false},
	{"a: [x]y\n", false},
	{"a: [x, ]\n", false},
	{"a: [, x]\n", false},
	{"a: [x,\n  y]\n", false},
	{"a: [x y\n", false},
	{"a: [x", false},
	{"a: [\"x\"", false},
	{"a: [x: y]\n", false},
	{"a: [[x]]\n", false},
	{"a: [x, {b: c}]\n", false},
	{"a: [-x]\n", false},
	{"a: [x#y]\n", false},
	{"a: ['x' y]\n", false},
	{"a: ['x]\n", false},
	{"a: {b: c}\n", false},
	{"a:\n  - x\n  - y # c\n  - \"z\"\n  - [p, q]\n", true},
	{"a:\n- x\n- y\nb: 1\n", true},
	{"a:\n  b: 1\n  c:\n    - x\n  d: 2\ne: 3\n", true},
	{"a:\n  b:\n  - x\n  c: 1\n", true},
	{"versions:\n  - version: \"1.2\"\n    eol: 2027-01-31\n  - version: '2'\n    eol:\n", true},
	{"versions:\n- version: \"1.2\"\n  eol: 2027-01-31\n- version: \"2\"\n", true},
	{"a:\n  -   b: 1\n      c: 2\n", true},
	{"a:\n  - b:\n      - x\n    c:\n    - y\n", true},
	{"a:\n  - b: 1\n    c: 2\n  - d\n", true},
	{"a:\n  - b: 1\n     c: 2\n", false},
	{"a:\n  - b: 1\n   c: 2\n", false},
	{"a:\n  - x\n   - y\n", false},
	{"a:\n  - x\n    y\n", false},
	{"a:\n  - x\n  b: 1\n", false},
	{"a:\n  -\n  - x\n", false},
	{"a:\n  - # c\n", false},
	{"a:\n  - - x\n", false},
	{"a:\n  - ''x\n", false},
	{"a:\n  b: 1\n   c: 2\n", false},
	{"a:\n  b: 1\n c: 2\n", false},
	{"a: x\n  y\n", false},
	{"a: x\n\n  y\n", false},
	{"a: x\n# c\n  y\n", false},
	{"a: x\n  - y\n", false},
	{"a:\n  x\n", false},
	{" a: x\n", false},
	{"- x\n", false},
	{"x\n", false},
	{"a: b: c\n", false},
	{"a: b:\n", false},
	{"a:b\n", false},
	{"a : b\n", false},
	{"\"a\": b\n", false},
	{"1a: b\n", false},
	{"a-1_b: c\n_x: y\n", true},
	{"Abc: 1\nZz9: 2\nzed: 3\nA: 4\nZ: 5\nz: 6\n", true},
	{"[a: 1\n", false},
	{"@a: 1\n", false},
	{"`a: 1\n", false},
	{"{a: 1\n", false},
	{"a: &x b\n", false},
	{"a: *x\n", false},
	{"a: !!str 1\n", false},
	{"a: |\n  x\n", false},
	{"a: >\n  x\n", false},
	{"a: -x\n", false},
	{"a: ?x\n", false},
	{"a: :x\n", false},
	{"a: %x\n", false},
	{"a: @x\n", false},
	{"a: `x`\n", false},
	{"a: ,x\n", false},
	{"a:\tb\n", false},
	{"a: b\x01\n", false},
	{"a: b\x7f\n", false},
	{"a: caf\u00e9 \u2014 \ue000\n", true},
	{"a: \u00a0x\u00a0\n", true}, // the first and last characters of two ranges
	{"a: \ud7ff \ufffd\n", true},
	{"a: b\u009fc\n", false},
	{"a: b\ufffec\n", false},
	{"a: b\u0085c\n", false},
	{"a: b\u2028c\n", false},
	{"a: b\u2029c\n", false},
	{"a: b\ufeffc\n", false},
	{"a: b\U0001F600\n", false},
	{"a: b\xffc\n", false},
	{"a: b\x80c\n", false}, // a lone continuation byte
	{"...\n", false},
	{"%YAML 1.2\n", false},
	{"a: x\n...\n", false},
	{strings.Repeat("k", 64) + ": x\n", true},
	{strings.Repeat("k", 65) + ": x\n", false},
	{deepYAML(tooDeep), true},
	{deepYAML(tooDeep + 1), false},
	{deepSeq(tooDeep), true},
	{deepSeq(tooDeep + 1), false},
	{deepList(tooDeep/2 - 1), true},
	{deepList(tooDeep / 2), false},
}

// deepYAML nests mappings n deep.
func deepYAML(n int) string { return deepKeys(n, "k: v") }

// deepSeq nests mappings n-1 deep with a sequence in the innermost: the
// sequence is n deep.
func deepSeq(n int) string { return deepKeys(n, "- v") }

// deepKeys writes n keys, each holding the next, and last under them.
func deepKeys(n int, last string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + last + "\n")
	return b.String()
}

// deepList nests m sequences of mappings under a mapping: the innermost
// sequence is 2m+1 deep.
func deepList(m int) string {
	var b strings.Builder
	b.WriteString("k:\n")
	for i := range m {
		b.WriteString(strings.Repeat(" ", 2*i+1) + "- k:\n")
	}
	b.WriteString(strings.Repeat(" ", 2*m+1) + "- v\n")
	return b.String()
}

func TestFastYAML(t *testing.T) {
	var p fastParser // one for all, as a reader has
	for _, c := range fastYAMLCases {
		if got := sameAsYAML(t, &p, []byte(c.fm)); got != c.answer {
			t.Errorf("fastYAML answered %v on %q; want %v", got, c.fm, c.answer)
		}
	}
}

// benchFiles returns the image files of the gencatalog catalog in
// $SITEGEN_BENCH_DIR/cat1k (`make bench` writes it), or else the samples
// in testdata/gencatalog.txtar, with their paths.
func benchFiles(b *testing.B) (paths []string, srcs [][]byte) {
	if dir := os.Getenv("SITEGEN_BENCH_DIR"); dir != "" {
		names, _ := filepath.Glob(filepath.Join(dir, "cat1k", "content", "images", "*.md"))
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				b.Fatal(err)
			}
			paths = append(paths, "content/images/"+filepath.Base(name))
			srcs = append(srcs, src)
		}
	}
	if len(srcs) == 0 {
		ar, err := txtar.ParseFile("testdata/gencatalog.txtar")
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range ar.Files {
			paths = append(paths, f.Name)
			srcs = append(srcs, f.Data)
		}
	}
	return paths, srcs
}

// BenchmarkParse parses gencatalog files (see benchFiles) whole, as
// Load's readers do, and their front matter alone with fastYAML and with
// the yaml package; ns/file is the time of one file.
func BenchmarkParse(b *testing.B) {
	paths, srcs := benchFiles(b)
	fms := make([][]byte, len(srcs))
	for i, src := range srcs {
		_, fms[i], _, _, _ = splitFrontMatter(normalize(src))
	}
	perFile := func(b *testing.B, f func(i int)) {
		for b.Loop() {
			for i := range srcs {
				f(i)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(srcs)), "ns/file")
	}
	b.Run("Parse", func(b *testing.B) {
		var s scratch // as a reader of Load parses
		perFile(b, func(i int) {
			sum := sha256.Sum256(srcs[i])
			if _, err := parse(paths[i], srcs[i], &sum, &s); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("fastYAML", func(b *testing.B) {
		var p fastParser
		perFile(b, func(i int) {
			if _, ok := p.parse(fms[i], 2); !ok {
				b.Fatalf("fastYAML gave up on %s", paths[i])
			}
		})
	})
	b.Run("yaml", func(b *testing.B) {
		perFile(b, func(i int) {
			if _, err := yamlTree(fms[i], 2); err != nil {
				b.Fatal(err.msg)
			}
		})
	})
}
