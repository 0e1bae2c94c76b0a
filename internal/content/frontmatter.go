package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// A node is one value of front matter, YAML or TOML alike, with the line it
// starts on, so that every later check can point at it.
type node struct {
	line  int
	kind  nodeKind
	tag   string  // scalars: "str", "int", "float", "bool", "date", "null"
	value string  // scalars: the text
	items []*node // lists
	keys  []*node // mappings: scalar keys, in order
	vals  []*node // mappings: values, parallel to keys
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	listNode
	mapNode
)

func (n *node) describe() string {
	switch n.kind {
	case listNode:
		return "a list"
	case mapNode:
		return "a mapping"
	}
	switch n.tag {
	case "null":
		return "empty"
	case "str":
		return fmt.Sprintf("the text %q", n.value)
	case "date":
		return "the date " + n.value
	}
	return fmt.Sprintf("the %s %s", kindName(n.tag), n.value)
}

func kindName(tag string) string {
	switch tag {
	case "int":
		return "number"
	case "float":
		return "number"
	case "bool":
		return "boolean"
	}
	return tag
}

// splitFrontMatter cuts src into front matter and body. src has already lost
// any byte-order mark and uses "\n" line endings. format is "yaml", "toml" or
// "" when the file has no front matter. bodyLine is the line of the file the
// body starts on, so Markdown positions map back to the source.
func splitFrontMatter(src []byte) (format string, fm []byte, body []byte, bodyLine int, err error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	var delim string
	switch strings.TrimRight(string(first), " \t") {
	case "---":
		format, delim = "yaml", "---"
	case "+++":
		format, delim = "toml", "+++"
	default:
		return "", nil, src, 1, nil
	}
	line := 2
	offset := 0
	for offset <= len(rest) {
		end := bytes.IndexByte(rest[offset:], '\n')
		var l []byte
		if end < 0 {
			l = rest[offset:]
		} else {
			l = rest[offset : offset+end]
		}
		if string(bytes.TrimRight(l, " \t")) == delim { // compared without a copy
			fm = rest[:offset]
			if end < 0 {
				return format, fm, nil, line + 1, nil
			}
			return format, fm, rest[offset+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		offset += end + 1
		line++
	}
	return format, nil, nil, 0, fmt.Errorf("front matter opened with %q on line 1 is never closed: add a line %q after the last key", delim, delim)
}

// parseFrontMatter turns front matter text into a node tree. line0 is the
// file line of the first front matter line; fast parses YAML where it can.
func parseFrontMatter(format string, fm []byte, line0 int, fast *fastParser) (*node, *lineError) {
	switch format {
	case "yaml":
		return parseYAML(fm, line0, fast)
	case "toml":
		return parseTOML(fm, line0)
	}
	return &node{kind: mapNode, line: line0}, nil
}

// A lineError is a problem at a line of the file being read.
type lineError struct {
	line int
	msg  string
}

var (
	yamlLine          = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlUnknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// yamlParserProblems are the problems the YAML parser (not its scanner)
// reports. The yaml package gives their line 0-based, the scanner's 1-based.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// parseYAML parses YAML front matter: with fast (see fastYAML) when it
// can answer, else with the yaml package (yamlTree).
func parseYAML(fm []byte, line0 int, fast *fastParser) (*node, *lineError) {
	if n, ok := fast.parse(fm, line0); ok {
		return n, nil
	}
	return yamlTree(fm, line0)
}

// yamlTree parses YAML front matter with the yaml package.
func yamlTree(fm []byte, line0 int) (*node, *lineError) {
	// The yaml package reports the line where a broken construct starts,
	// except for a construct on the first line, where it falls back to
	// another position. A blank first line keeps every construct off it:
	// line k of the padded text is file line base+k-1.
	padded := append([]byte("\n"), fm...)
	base := line0 - 1
	var doc yaml.Node
	if err := yaml.Unmarshal(padded, &doc); err != nil {
		return nil, yamlError(err.Error(), fm, line0)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &node{kind: mapNode, line: line0}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &lineError{max(line0, base+root.Line-1), "front matter must be a mapping of keys to values, like \"title: My page\""}
	}
	n, err := fromYAML(root, base, 0)
	return n, err
}

// yamlError turns a yaml error message about fm (parsed with one blank line
// before it) into an error at the right file line.
func yamlError(msg string, fm []byte, line0 int) *lineError {
	const prefix = "front matter is not valid YAML: "
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if slices.Contains(yamlParserProblems, m[2]) {
			n++
		}
		line := max(line0, line0+n-2)
		if k := firstFailingLine(fm, m[2]); k > 0 {
			line = line0 + k - 1
		}
		return &lineError{line, prefix + m[2]}
	}
	if m := yamlUnknownAnchor.FindStringSubmatch(msg); m != nil {
		line := line0 + lineOf(fm, bytes.Index(fm, []byte("*"+m[1])))
		return &lineError{line, fmt.Sprintf("%sthe alias *%s names no anchor; YAML aliases are not supported in front matter anyway: write the value out", prefix, m[1])}
	}
	if strings.Contains(msg, "control characters are not allowed") {
		if i, r := firstControl(fm); i >= 0 {
			return &lineError{line0 + lineOf(fm, i), fmt.Sprintf("%scontrol character %U is not allowed: remove it", prefix, r)}
		}
	}
	return &lineError{line0, prefix + strings.TrimPrefix(msg, "yaml: ")}
}

// firstFailingLine searches front matter of at most this many lines and
// bytes (real front matter is a few dozen lines), so that its cost, a parse
// per line, stays small.
const (
	maxSearchLines = 400
	maxSearchBytes = 16 << 10
)

// firstFailingLine returns the smallest k such that the first k lines of fm
// fail to parse with the given problem, or 0. The yaml package names the
// line where the enclosing construct starts, which for a block mapping can
// be far above the line that breaks it; the shortest failing prefix ends
// on the line that does.
func firstFailingLine(fm []byte, problem string) int {
	if len(fm) > maxSearchBytes || bytes.Count(fm, []byte("\n")) > maxSearchLines {
		return 0
	}
	var doc yaml.Node
	end := 0
	for k := 1; end < len(fm); k++ {
		next := bytes.IndexByte(fm[end:], '\n')
		if next < 0 {
			end = len(fm)
		} else {
			end += next + 1
		}
		err := yaml.Unmarshal(append([]byte("\n"), fm[:end]...), &doc)
		if err != nil && strings.HasSuffix(err.Error(), ": "+problem) {
			return k
		}
	}
	return 0
}

// lineOf returns how many lines of b come before offset i (0 when i < 0).
func lineOf(b []byte, i int) int {
	if i < 0 {
		return 0
	}
	return bytes.Count(b[:i], []byte("\n"))
}

// firstControl finds the first character YAML does not allow in a stream.
func firstControl(b []byte) (int, rune) {
	for i, r := range string(b) {
		switch {
		case r == '\t', r == '\n', r == '\r', 0x20 <= r && r <= 0x7e, r == 0x85,
			0xa0 <= r && r <= 0xd7ff, 0xe000 <= r && r <= 0xfffd, 0x10000 <= r && r <= 0x10ffff:
		default:
			return i, r
		}
	}
	return -1, 0
}

const maxDepth = 32

func fromYAML(y *yaml.Node, line0, depth int) (*node, *lineError) {
	line := line0 + y.Line - 1
	if depth > maxDepth {
		return nil, &lineError{line, "front matter is nested too deeply"}
	}
	switch y.Kind {
	case yaml.AliasNode:
		return nil, &lineError{line, "YAML aliases (*name) are not supported in front matter; write the value out"}
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{line: line, tag: "null"}, nil
		}
		return fromYAML(y.Content[0], line0, depth+1)
	case yaml.SequenceNode:
		n := &node{line: line, kind: listNode}
		for _, c := range y.Content {
			item, err := fromYAML(c, line0, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
		return n, nil
	case yaml.MappingNode:
		n := &node{line: line, kind: mapNode}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &lineError{line0 + k.Line - 1, "keys must be plain words"}
			}
			if k.Value == "<<" {
				return nil, &lineError{line0 + k.Line - 1, "YAML merge keys (<<) are not supported in front matter; write the keys out"}
			}
			val, err := fromYAML(v, line0, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, &node{line: line0 + k.Line - 1, tag: "str", value: k.Value})
			n.vals = append(n.vals, val)
		}
		return n, nil
	}
	tag := strings.TrimPrefix(y.ShortTag(), "!!")
	switch tag {
	case "timestamp":
		tag = "date"
	case "str", "int", "float", "bool", "null":
	default:
		tag = "str"
	}
	return &node{line: line, tag: tag, value: y.Value}, nil
}

func parseTOML(fm []byte, line0 int) (*node, *lineError) {
	// The TOML decoder recurses once per nested array or table: a few
	// million "[" overflow the stack, a fatal error no recover catches.
	if l := tomlTooDeep(fm); l > 0 {
		return nil, &lineError{line0 + l - 1, "front matter is nested too deeply"}
	}
	var m map[string]any
	if _, err := toml.Decode(string(fm), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &lineError{line0 + max(pe.Position.Line, 1) - 1, "front matter is not valid TOML: " + pe.Message}
		}
		return nil, &lineError{line0, "front matter is not valid TOML: " + err.Error()}
	}
	t := &tomlTree{lines: tomlKeyLines(fm, line0)}
	return t.convert(m, "", line0, 0)
}

// tomlTooDeep returns the line (1-based) where the arrays and inline
// tables of TOML text nest deeper than maxDepth, or 0. Strings and
// comments are skipped; the text need not be valid.
func tomlTooDeep(fm []byte) int {
	depth, line := 0, 1
	for i := 0; i < len(fm); i++ {
		switch c := fm[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(fm) && fm[i] != '\n' {
				i++
			}
			i-- // see the newline
		case '"', '\'':
			q := string(c)
			if bytes.HasPrefix(fm[i:], []byte(q+q+q)) {
				q += q + q
			}
			end := i + len(q)
			for end < len(fm) && !bytes.HasPrefix(fm[end:], []byte(q)) {
				if fm[end] == '\\' && c == '"' {
					end++
				}
				end++
			}
			line += bytes.Count(fm[i:min(end, len(fm))], []byte("\n"))
			i = end + len(q) - 1
		case '[', '{':
			if depth++; depth > maxDepth {
				return line
			}
		case ']', '}':
			depth--
		}
	}
	return 0
}

// A tomlTree converts decoded TOML into nodes. TOML's decoder keeps no
// positions, so lines holds the line of every key path the text defines
// (see tomlKeyLines); a value without one takes its parent's line.
type tomlTree struct {
	lines map[string]int
}

func (t *tomlTree) line(path string, fallback int) int {
	if l, ok := t.lines[path]; ok {
		return l
	}
	return fallback
}

func (t *tomlTree) convert(v any, path string, line, depth int) (*node, *lineError) {
	if depth > maxDepth {
		return nil, &lineError{line, "front matter is nested too deeply"}
	}
	switch v := v.(type) {
	case map[string]any:
		n := &node{line: line, kind: mapNode}
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		kline := func(k string) int { return t.line(tomlPath(path, k), line) }
		slices.SortFunc(names, func(a, b string) int {
			return cmp.Or(cmp.Compare(kline(a), kline(b)), cmp.Compare(a, b))
		})
		for _, k := range names {
			l := kline(k)
			val, err := t.convert(v[k], tomlPath(path, k), l, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, &node{line: l, tag: "str", value: k})
			n.vals = append(n.vals, val)
		}
		return n, nil
	case []map[string]any:
		items := make([]any, len(v))
		for i := range v {
			items[i] = v[i]
		}
		return t.convert(items, path, line, depth)
	case []any:
		n := &node{line: line, kind: listNode}
		for i, item := range v {
			p := tomlPath(path, strconv.Itoa(i))
			c, err := t.convert(item, p, t.line(p, line), depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
		return n, nil
	case string:
		return &node{line: line, tag: "str", value: v}, nil
	case int64:
		return &node{line: line, tag: "int", value: strconv.FormatInt(v, 10)}, nil
	case float64:
		return &node{line: line, tag: "float", value: strconv.FormatFloat(v, 'g', -1, 64)}, nil
	case bool:
		return &node{line: line, tag: "bool", value: strconv.FormatBool(v)}, nil
	case time.Time:
		// The decoder marks local values (no offset) with these zones.
		switch v.Location().String() {
		case "time-local":
			return &node{line: line, tag: "str", value: v.Format("15:04:05.999999999")}, nil
		case "date-local":
			return &node{line: line, tag: "date", value: v.Format("2006-01-02")}, nil
		case "datetime-local":
			return &node{line: line, tag: "date", value: v.Format("2006-01-02T15:04:05.999999999")}, nil
		}
		return &node{line: line, tag: "date", value: v.Format(time.RFC3339Nano)}, nil
	}
	return &node{line: line, tag: "str", value: fmt.Sprint(v)}, nil
}

// tomlPath joins key path elements; "\x00" cannot occur in a TOML key.
func tomlPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "\x00" + key
}

// tomlKeyLines finds the line of every key and table header of TOML text
// that decoded without error, keyed by path: the keys from the root joined
// by tomlPath, with the index of an element of an array of tables after
// the array's key. Keys inside inline tables and multi-line values are not
// found; they take their parent's line.
func tomlKeyLines(fm []byte, line0 int) map[string]int {
	lines := map[string]int{}
	set := func(p string, l int) {
		if _, ok := lines[p]; !ok {
			lines[p] = l
		}
	}
	count := map[string]int{} // elements seen of each array of tables
	// resolve turns header keys into a path, stepping into the latest
	// element of every array of tables on the way.
	resolve := func(keys []string, l int) string {
		p := ""
		for _, k := range keys {
			p = tomlPath(p, k)
			set(p, l)
			if n := count[p]; n > 0 {
				p = tomlPath(p, strconv.Itoa(n-1))
			}
		}
		return p
	}
	table := ""
	inString := "" // the closing quotes of a multi-line string being skipped
	for i, text := range strings.Split(string(fm), "\n") {
		l := line0 + i
		if inString != "" {
			if strings.Count(text, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		t := strings.TrimSpace(text)
		switch {
		case strings.HasPrefix(t, "[["):
			keys, rest, ok := tomlKeys(t[2:])
			if !ok || !strings.HasPrefix(rest, "]]") {
				continue
			}
			// Every key but the last steps into the latest element; the
			// last names the array itself.
			p := tomlPath(resolve(keys[:len(keys)-1], l), keys[len(keys)-1])
			set(p, l)
			n := count[p]
			count[p]++
			table = tomlPath(p, strconv.Itoa(n))
			set(table, l)
		case strings.HasPrefix(t, "["):
			keys, rest, ok := tomlKeys(t[1:])
			if !ok || !strings.HasPrefix(rest, "]") {
				continue
			}
			table = resolve(keys, l)
		default:
			keys, rest, ok := tomlKeys(t)
			if !ok || !strings.HasPrefix(rest, "=") {
				continue
			}
			p := table
			for _, k := range keys {
				p = tomlPath(p, k)
				set(p, l)
			}
			value := strings.TrimSpace(rest[1:])
			for _, q := range []string{`"""`, `'''`} {
				if strings.HasPrefix(value, q) && strings.Count(value, q)%2 == 1 {
					inString = q
				}
			}
		}
	}
	return lines
}

// tomlKeys reads a dotted key (bare or quoted parts) from the start of s
// and returns its parts and the text after it, space trimmed.
func tomlKeys(s string) (keys []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		var k string
		switch {
		case strings.HasPrefix(s, `"`):
			end := strings.Index(s[1:], `"`)
			if end < 0 {
				return nil, "", false
			}
			uq, err := strconv.Unquote(s[:end+2])
			if err != nil {
				uq = s[1 : end+1]
			}
			k, s = uq, s[end+2:]
		case strings.HasPrefix(s, "'"):
			end := strings.Index(s[1:], "'")
			if end < 0 {
				return nil, "", false
			}
			k, s = s[1:end+1], s[end+2:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool {
				return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-')
			})
			if end < 0 {
				end = len(s)
			}
			if end == 0 {
				return nil, "", false
			}
			k, s = s[:end], s[end:]
		}
		keys = append(keys, k)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return keys, s, true
		}
		s = s[1:]
	}
}
