package content

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   string
		fm       string
		body     string
		bodyLine int
		wantErr  bool
	}{
		{name: "yaml", src: "---\ntitle: x\n---\nBody\n", format: "yaml", fm: "title: x\n", body: "Body\n", bodyLine: 4},
		{name: "toml", src: "+++\ntitle = 'x'\n+++\nBody\n", format: "toml", fm: "title = 'x'\n", body: "Body\n", bodyLine: 4},
		{name: "byte-order mark", src: "\ufeff---\ntitle: x\n---\nBody\n", format: "yaml", fm: "title: x\n", body: "Body\n", bodyLine: 4},
		{name: "CRLF", src: "---\r\ntitle: x\r\n---\r\nBody\r\nmore\r\n", format: "yaml", fm: "title: x\n", body: "Body\nmore\n", bodyLine: 4},
		{name: "byte-order mark and CRLF", src: "\ufeff+++\r\ntitle = 'x'\r\n+++\r\nBody", format: "toml", fm: "title = 'x'\n", body: "Body", bodyLine: 4},
		{name: "lone CR", src: "---\rtitle: x\ra: b\r---\rBody\r", format: "yaml", fm: "title: x\na: b\n", body: "Body\n", bodyLine: 5},
		{name: "mixed line endings", src: "---\r\ntitle: x\na: b\r---\nBody", format: "yaml", fm: "title: x\na: b\n", body: "Body", bodyLine: 5},
		{name: "no front matter", src: "# Title\n\nText\n", format: "", body: "# Title\n\nText\n", bodyLine: 1},
		{name: "blank line before delimiter", src: "\n---\ntitle: x\n---\n", format: "", body: "\n---\ntitle: x\n---\n", bodyLine: 1},
		{name: "four dashes", src: "----\ntitle: x\n----\n", format: "", body: "----\ntitle: x\n----\n", bodyLine: 1},
		{name: "indented delimiter", src: " ---\ntitle: x\n---\n", format: "", body: " ---\ntitle: x\n---\n", bodyLine: 1},
		{name: "empty source", src: "", format: "", body: "", bodyLine: 1},
		{name: "unclosed", src: "---\ntitle: x\n\nBody\n", wantErr: true},
		{name: "unclosed toml", src: "+++\ntitle = 'x'\n", wantErr: true},
		{name: "toml closed by yaml delimiter", src: "+++\ntitle = 'x'\n---\n", wantErr: true},
		{name: "only opening delimiter", src: "---", wantErr: true},
		{name: "only opening delimiter and newline", src: "---\n", wantErr: true},
		{name: "indented closing delimiter", src: "---\ntitle: x\n  ---\n", wantErr: true},
		{name: "empty front matter", src: "---\n---\nBody\n", format: "yaml", fm: "", body: "Body\n", bodyLine: 3},
		{name: "empty toml front matter", src: "+++\n+++\n", format: "toml", fm: "", body: "", bodyLine: 3},
		{name: "trailing spaces and tabs", src: "--- \t\ntitle: x\n---  \nBody\n", format: "yaml", fm: "title: x\n", body: "Body\n", bodyLine: 4},
		{name: "closing delimiter at end of file", src: "---\ntitle: x\n---", format: "yaml", fm: "title: x\n", body: "", bodyLine: 4},
		{name: "body line after long front matter", src: "---\na: 1\nb: 2\nc:\n  - 3\n  - 4\n\n# comment\n---\n\nBody\n", format: "yaml", fm: "a: 1\nb: 2\nc:\n  - 3\n  - 4\n\n# comment\n", body: "\nBody\n", bodyLine: 10},
		{name: "delimiter in body", src: "---\na: 1\n---\nBody\n---\nmore\n", format: "yaml", fm: "a: 1\n", body: "Body\n---\nmore\n", bodyLine: 4},
		{name: "yaml delimiter inside toml", src: "+++\na = '''\n---\n'''\n+++\nBody", format: "toml", fm: "a = '''\n---\n'''\n", body: "Body", bodyLine: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := normalize([]byte(tt.src))
			format, fm, body, bodyLine, err := splitFrontMatter(src)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error; want one (format %q, fm %q)", format, fm)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if format != tt.format || string(fm) != tt.fm || string(body) != tt.body || bodyLine != tt.bodyLine {
				t.Errorf("got format %q, fm %q, body %q, line %d\nwant format %q, fm %q, body %q, line %d",
					format, fm, body, bodyLine, tt.format, tt.fm, tt.body, tt.bodyLine)
			}
			checkBodyLine(t, src, body, bodyLine)
		})
	}
}

// checkBodyLine checks that body is the tail of src and starts on bodyLine.
func checkBodyLine(t *testing.T, src, body []byte, bodyLine int) {
	t.Helper()
	if !bytes.HasSuffix(src, body) {
		t.Fatalf("body %q is not the end of the source %q", body, src)
	}
	before := src[:len(src)-len(body)]
	want := bytes.Count(before, []byte("\n")) + 1
	if len(body) == 0 && len(before) > 0 && before[len(before)-1] != '\n' {
		want++ // the body of "---\na\n---" is the empty line after it
	}
	if bodyLine != want {
		t.Errorf("body line %d; the body starts on line %d", bodyLine, want)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a\nb", "a\nb"},
		{"\ufeffa", "a"},
		{"a\ufeffb", "a\ufeffb"}, // only a leading mark is dropped
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\r\nb", "a\n\nb"},
		{"\ufeff\r\n", "\n"},
	}
	for _, tt := range tests {
		if got := string(normalize([]byte(tt.in))); got != tt.want {
			t.Errorf("normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTOMLKeyLines(t *testing.T) {
	src := `title = "x"
a.b = 1
"quoted key" = 2
text = """
c = 3
"""
[t]
d = 4
[[arr]]
e = 5
[[arr]]
e = 6
[arr.sub]
f = 7
[[arr.list]]
g = 8
`
	lines := tomlKeyLines([]byte(src), 10)
	want := map[string]int{
		"title": 10, "a": 11, "a\x00b": 11, "quoted key": 12, "text": 13,
		"t": 16, "t\x00d": 17,
		"arr": 18, "arr\x000": 18, "arr\x000\x00e": 19,
		"arr\x001": 20, "arr\x001\x00e": 21,
		"arr\x001\x00sub": 22, "arr\x001\x00sub\x00f": 23,
		"arr\x001\x00list": 24, "arr\x001\x00list\x000": 24, "arr\x001\x00list\x000\x00g": 25,
	}
	for k, l := range want {
		if lines[k] != l {
			t.Errorf("line of %q = %d; want %d", k, lines[k], l)
		}
	}
	if _, ok := lines["c"]; ok {
		t.Errorf("a key inside a multi-line string was taken for a key")
	}
}

func TestTOMLTooDeep(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1)
	tests := []struct {
		src  string
		want int
	}{
		{"a = 1\n", 0},
		{"a = " + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + "\n", 0},
		{"a = 1\nb = " + deep, 2},
		{"a = " + strings.Repeat("{b = ", maxDepth+1), 1},
		{"[[a.b]]\n[[a.b]]\n[c]\n", 0},
		{"a = \"" + deep + "\"\nb = 1\n", 0},
		{"a = '" + deep + "'\n", 0},
		{"a = \"\\\"" + deep + "\"\n", 0}, // an escaped quote does not end the string
		{"# " + deep + "\nb = [1]\n", 0},
		{"a = \"\"\"\n" + deep + "\n\"\"\"\nb = " + deep, 4},
		{"a = '''\n" + deep + "\n'''\n", 0},
		{"a = \"unclosed " + deep, 0},
		{"a = 1 # a comment at the end", 0},
		{"# c\nb = " + deep, 2},
		{strings.Repeat("a = [[[[[[[[]]]]]]]]\n", 5), 0},
	}
	for _, tt := range tests {
		if got := tomlTooDeep([]byte(tt.src)); got != tt.want {
			t.Errorf("tomlTooDeep(%.40q) = %d; want %d", tt.src, got, tt.want)
		}
	}
}

// TestFirstFailingLineLimits checks the search for the line that breaks
// YAML: it finds the line past blank lines, and front matter of
// maxSearchLines lines or of maxSearchBytes bytes is searched, one line or
// byte more is not.
func TestFirstFailingLineLimits(t *testing.T) {
	const broken = "categories:\n  - base\n bad: indentation\n"
	// pad returns filler keys and then broken, in lines lines and, when
	// size > 0, size bytes (the last filler value is lengthened).
	pad := func(lines, size int) []byte {
		var b bytes.Buffer
		n := lines - strings.Count(broken, "\n")
		for i := range n {
			fmt.Fprintf(&b, "k%d: v\n", i)
		}
		if size > 0 {
			b.Truncate(b.Len() - 1)
			b.WriteString(strings.Repeat("v", size-b.Len()-1-len(broken)))
			b.WriteByte('\n')
		}
		b.WriteString(broken)
		return b.Bytes()
	}
	problem := func(fm []byte) string {
		var doc yaml.Node
		err := yaml.Unmarshal(append([]byte("\n"), fm...), &doc)
		m := yamlLine.FindStringSubmatch(fmt.Sprint(err))
		if m == nil {
			t.Fatalf("not a YAML error with a line: %v", err)
		}
		return m[2]
	}
	for _, tt := range []struct {
		name string
		fm   []byte
		want int
	}{
		{"at the line limit", pad(maxSearchLines, 0), maxSearchLines},
		{"past the line limit", pad(maxSearchLines+1, 0), 0},
		{"at the byte limit", pad(100, maxSearchBytes), 100},
		{"past the byte limit", pad(100, maxSearchBytes+1), 0},
		{"after a blank line", []byte("a: 1\n\n" + broken), 5},
	} {
		if got := firstFailingLine(tt.fm, problem(tt.fm)); got != tt.want {
			t.Errorf("%s (%d lines, %d bytes): line %d, want %d", tt.name, bytes.Count(tt.fm, []byte("\n")), len(tt.fm), got, tt.want)
		}
	}
}

// TestYAMLErrorLines checks the line of YAML problems that the search
// for the failing line does not place: a control character (also as the
// first byte, and after the characters at the edges of the ranges YAML
// allows), front matter that is not a mapping, and, in front matter
// too long to search, the line the yaml package names for a problem of its
// scanner (1-based) and of its parser (0-based).
func TestYAMLErrorLines(t *testing.T) {
	var long strings.Builder
	for i := range maxSearchLines + 1 {
		fmt.Fprintf(&long, "k%d: v\n", i)
	}
	const past = maxSearchLines + 3 // the line after "---" and the filler
	for fm, want := range map[string]string{
		"summary: s\ncategories: [base]\ntitle: a\x01b\n": "4: front matter is not valid YAML: control character U+0001 is not allowed: remove it",
		"\x01title: x\n": "2: front matter is not valid YAML: control character U+0001 is not allowed: remove it",
		// The last character of each range YAML allows, and the first,
		// come before the one it does not: none of them is the one named.
		"summary: \"~ \t\u0085\u00a0\ud7ff\ue000\ufffd\U00010000\U0010ffff\"\ntitle: a\x01b\n": "3: front matter is not valid YAML: control character U+0001 is not allowed: remove it",
		"- a\n":        "2: front matter must be a mapping of keys to values, like \"title: My page\"",
		"# c\n\n- a\n": "4: front matter must be a mapping of keys to values, like \"title: My page\"",
		long.String() + "categories: [base, application\ntitle: Flow\n": fmt.Sprint(past, ": front matter is not valid YAML: did not find expected ',' or ']'"),
		long.String() + "summary: \"never closed\ncategories: [base]\n": fmt.Sprint(past, ": front matter is not valid YAML: found unexpected end of stream"),
	} {
		_, err := Parse("content/images/x.md", []byte("---\n"+fm+"---\n"))
		if want = "content/images/x.md:" + want; err == nil || err.Error() != want {
			t.Errorf("%.30q...: error %v\nwant %s", fm[max(0, len(fm)-60):], err, want)
		}
	}
}

// TestTOMLKeyLinesMultiLineString checks that no line inside a multi-line
// string is taken for a key, however many lines it has.
func TestTOMLKeyLinesMultiLineString(t *testing.T) {
	lines := tomlKeyLines([]byte("a = \"\"\"\nfirst\nb = 1\nc = 2\n\"\"\"\nd = 3\n"), 2)
	if _, ok := lines["b"]; ok {
		t.Errorf("a line of a multi-line string was taken for a key: %v", lines)
	}
	if lines["a"] != 2 || lines["d"] != 7 {
		t.Errorf("lines of a and d: %v", lines)
	}
}

// TestTOMLNesting checks the depth limit on TOML values that the bracket
// count does not see: tables nested by dotted keys and arrays of tables
// nested in arrays of tables; and that lists nested exactly maxDepth deep
// are read.
func TestTOMLNesting(t *testing.T) {
	deepKey := "k" + strings.Repeat(".k", maxDepth) + " = 1\n"
	var deepTables strings.Builder
	for i := 1; i <= maxDepth/2+1; i++ {
		fmt.Fprintf(&deepTables, "[[%s]]\n", strings.TrimSuffix(strings.Repeat("t.", i), "."))
	}
	for fm, tooDeep := range map[string]bool{
		"a = " + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + "\n": false,
		deepKey:             true,
		deepTables.String(): true,
	} {
		_, err := Parse("content/images/x.md", []byte("+++\n"+fm+"+++\n"))
		if got := err != nil && strings.Contains(err.Error(), "nested too deeply"); got != tooDeep {
			t.Errorf("%.60q: error %v, want nested too deeply: %v", fm, err, tooDeep)
		}
	}
}

// TestTOMLKeys checks how a dotted key is read from the start of a line:
// bare parts (letters A to Z in both cases, digits 0 to 9, "_" and "-"),
// double-quoted parts with escapes, single-quoted parts taken as written,
// empty quoted parts, spaces around the dots; and what is not a key.
func TestTOMLKeys(t *testing.T) {
	for _, tt := range []struct {
		s, keys, rest string
		ok            bool
	}{
		{"azAZ09_- = 1", "azAZ09_-", "= 1", true},
		{"a . b.c=1", "a|b|c", "=1", true},
		{`"a\u0041".c = 1`, "aA|c", "= 1", true},
		{`"a\q" = 1`, `a\q`, "= 1", true},
		{`'a\u0041'.'b' = 1`, `a\u0041|b`, "= 1", true},
		{`"" = 1`, "", "= 1", true},
		{`'' = 1`, "", "= 1", true},
		{"key", "key", "", true},
		{"= 1", "", "", false},
		{`"unclosed = 1`, "", "", false},
		{`'unclosed = 1`, "", "", false},
		{"a.= 1", "", "", false},
	} {
		keys, rest, ok := tomlKeys(tt.s)
		if got := strings.Join(keys, "|"); got != tt.keys || rest != tt.rest || ok != tt.ok {
			t.Errorf("tomlKeys(%q) = %q, %q, %v; want %q, %q, %v", tt.s, got, rest, ok, tt.keys, tt.rest, tt.ok)
		}
	}
}
