package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// fastYAML parses the YAML that front matter is nearly always written in,
// five or six times faster than the yaml package, into the node tree
// fromYAML would make of the same text: the same values, tags and lines.
// It handles
//
//   - block mappings whose keys are words (letters, digits, "_" and "-",
//     starting with a letter or "_"), one key per line;
//   - block sequences ("- item"), under a key or at the key's own indent,
//     whose items are scalars, flow sequences or mappings ("- key: value");
//   - flow sequences of scalars on one line ([a, "b", 'c']);
//   - plain scalars on one line, resolved as the yaml package resolves them
//     where that is plain: text, true/false, null and ~, decimal whole
//     numbers and YYYY-MM-DD dates;
//   - double-quoted scalars with no escapes but \" and \\, and
//     single-quoted scalars, on one line;
//   - comments and blank lines.
//
// On anything else (anchors, aliases, tags, block and multi-line scalars,
// flow mappings, other escapes, tabs, odd indentation, numbers and words the
// yaml package reads in ways of its own, text it would refuse) it gives
// up, ok false, before deciding anything, and parseYAML asks the yaml
// package, which also makes the error messages. FuzzFastYAML checks that
// every answer it gives is the yaml package's.
func fastYAML(fm []byte, line0 int) (n *node, ok bool) {
	return new(fastParser).parse(fm, line0)
}

// parse is fastYAML with p's room for lines and nodes, which the nodes of
// the last text it parsed were in: a parser serves one goroutine, and a
// node tree lives until the file is decoded, not longer.
func (p *fastParser) parse(fm []byte, line0 int) (n *node, ok bool) {
	if !fastText(fm) {
		return nil, false
	}
	p.i, p.line0 = 0, line0
	p.split(string(fm))
	// Front matter has two or three nodes a line: room for as many, kept
	// for the next text, makes the nodes of most texts take none.
	p.slab = slices.Grow(p.slab[:0], 3*len(p.lines))
	p.lists, p.stack = slices.Grow(p.lists[:0], 2*len(p.lines)), p.stack[:0]
	p.skip()
	if p.i == len(p.lines) {
		return &node{kind: mapNode, line: line0}, true
	}
	if p.lines[p.i].indent != 0 {
		return nil, false
	}
	n, ok = p.mapping(0, 0)
	if !ok || p.i < len(p.lines) {
		return nil, false
	}
	return n, true
}

// fastText reports whether every character of fm is one fastYAML takes:
// a newline or a printable character of the Basic Multilingual Plane
// that the YAML specification does not count as a line break or a
// byte-order mark. Tabs, which YAML allows in some places only, are left
// to the yaml package too.
func fastText(fm []byte) bool {
	for i := 0; i < len(fm); {
		c := fm[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c == 0x7f) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(fm[i:])
		if size == 1 || !fastRune(r) { // size 1: not UTF-8
			return false
		}
		i += size
	}
	return true
}

// fastRune reports whether fastText takes r, a character past ASCII.
func fastRune(r rune) bool {
	if 0xa0 <= r && r <= 0xd7ff {
		return r != 0x2028 && r != 0x2029
	}
	return 0xe000 <= r && r <= 0xfffd && r != 0xfeff
}

// A fastLine is one line of front matter: its indent in spaces and the
// text after it.
type fastLine struct {
	indent int
	text   string
}

// A fastParser reads lines of front matter; lines[i] is the next one that
// holds more than a comment, or i is len(lines).
type fastParser struct {
	lines []fastLine
	i     int
	line0 int     // the file line of lines[0]
	slab  []node  // room for nodes
	lists []*node // room for the nodes' lists of keys, values and items
	stack []*node // the items of the lists being read, innermost last
}

// node returns a new node holding n.
func (p *fastParser) node(n node) *node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]node, 0, max(16, 3*(len(p.lines)-p.i)))
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

// push adds n to the list being read (see list).
func (p *fastParser) push(n *node) { p.stack = append(p.stack, n) }

// list returns the nodes pushed since the stack was base long, every
// step-th from the first, as a list of its own; nil when there are none.
// The caller then cuts the stack back to base: lists are read inside
// out, the items of one list being pushed after those of the lists
// inside it were taken.
func (p *fastParser) list(base, first, step int) []*node {
	n := (len(p.stack) - base) / step
	if n == 0 {
		return nil
	}
	if cap(p.lists)-len(p.lists) < n {
		p.lists = make([]*node, 0, max(64, 2*n))
	}
	start := len(p.lists)
	for i := base + first; i < len(p.stack); i += step {
		p.lists = append(p.lists, p.stack[i])
	}
	return p.lists[start:len(p.lists):len(p.lists)]
}

func (p *fastParser) split(fm string) {
	p.lines = p.lines[:0]
	for l := range strings.SplitSeq(fm, "\n") {
		text := strings.TrimLeft(l, " ")
		p.lines = append(p.lines, fastLine{len(l) - len(text), text})
	}
}

// skip moves past blank lines and comment lines.
func (p *fastParser) skip() {
	for p.i < len(p.lines) {
		t := p.lines[p.i].text
		if t != "" && t[0] != '#' {
			return
		}
		p.i++
	}
}

// next moves past the current line.
func (p *fastParser) next() {
	p.i++
	p.skip()
}

func (p *fastParser) line() int { return p.line0 + p.i }

// tooDeep is the depth past which fastYAML leaves the text to fromYAML,
// which refuses it.
const tooDeep = maxDepth - 2

// mapping reads a block mapping whose keys are at column col.
func (p *fastParser) mapping(col, depth int) (*node, bool) {
	if depth > tooDeep {
		return nil, false
	}
	n := p.node(node{kind: mapNode, line: p.line()})
	base := len(p.stack) // keys and values, in turn
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < col {
			break
		}
		key, rest, ok := fastKey(l.text)
		if l.indent > col || !ok {
			return nil, false
		}
		kline := p.line()
		val, ok := p.value(rest, col, kline, depth+1)
		if !ok {
			return nil, false
		}
		p.push(p.node(node{line: kline, tag: "str", value: key}))
		p.push(val)
	}
	n.keys, n.vals = p.list(base, 0, 2), p.list(base, 1, 2)
	p.stack = p.stack[:base]
	return n, true
}

// value reads the value of a key at column col on line kline, rest being
// the text after its colon, and moves past it.
func (p *fastParser) value(rest string, col, kline, depth int) (*node, bool) {
	rest = strings.TrimLeft(rest, " ")
	if rest != "" && rest[0] != '#' {
		n, ok := p.inline(rest, kline)
		p.next()
		return n, ok
	}
	p.next()
	if p.i == len(p.lines) {
		return p.node(node{line: kline, tag: "null"}), true
	}
	// A block sequence may sit at its key's indent; a mapping is deeper.
	if l := p.lines[p.i]; l.indent >= col && seqItem(l.text) {
		return p.sequence(l.indent, depth)
	} else if l.indent > col {
		return p.mapping(l.indent, depth)
	}
	return p.node(node{line: kline, tag: "null"}), true
}

func seqItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}

// sequence reads a block sequence whose dashes are at column col.
func (p *fastParser) sequence(col, depth int) (*node, bool) {
	if depth > tooDeep {
		return nil, false
	}
	n := p.node(node{kind: listNode, line: p.line()})
	base := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < col || (l.indent == col && !seqItem(l.text)) {
			break
		}
		if l.indent > col {
			return nil, false
		}
		content := strings.TrimLeft(l.text[1:], " ")
		if content == "" || content[0] == '#' || seqItem(content) {
			return nil, false
		}
		var item *node
		var ok bool
		if _, _, isKey := fastKey(content); isKey {
			// "- key: value" starts a mapping at the key's column.
			itemCol := col + len(l.text) - len(content)
			p.lines[p.i] = fastLine{itemCol, content}
			item, ok = p.mapping(itemCol, depth+1)
		} else {
			item, ok = p.inline(content, p.line())
			p.next()
		}
		if !ok {
			return nil, false
		}
		p.push(item)
	}
	n.items = p.list(base, 0, 1)
	p.stack = p.stack[:base]
	return n, true
}

// fastKey splits "key: rest" or "key:" into its key and the rest.
func fastKey(text string) (key, rest string, ok bool) {
	end := 0
	for end < len(text) && wordByte(text[end], end == 0) {
		end++
	}
	if end == 0 || end > 64 || end == len(text) || text[end] != ':' {
		return "", "", false
	}
	rest = text[end+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return text[:end], rest, true
}

func wordByte(c byte, first bool) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' {
		return true
	}
	return !first && (isDigit(c) || c == '-')
}

// inline reads a value that takes the rest of line l: a scalar or a
// flow sequence, with an optional comment after it.
func (p *fastParser) inline(text string, l int) (*node, bool) {
	var n *node
	var rest string
	var ok bool
	switch text[0] {
	case '[':
		n, rest, ok = p.flowSequence(text, l)
	case '"', '\'':
		var v string
		v, rest, ok = quoted(text)
		n = p.node(node{line: l, tag: "str", value: v})
	default:
		return p.plainScalar(text, l)
	}
	if !ok || !commentOnly(rest) {
		return nil, false
	}
	return n, true
}

// commentOnly reports whether what follows a value on its line is
// nothing, spaces, or spaces and a comment.
func commentOnly(rest string) bool {
	t := strings.TrimLeft(rest, " ")
	return t == "" || (t[0] == '#' && len(t) < len(rest))
}

// plainScalar reads an unquoted scalar of a block: the text up to a
// comment, trailing spaces cut.
func (p *fastParser) plainScalar(text string, l int) (*node, bool) {
	if end := strings.Index(text, " #"); end >= 0 {
		text = text[:end]
	}
	v := strings.TrimRight(text, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || !plainStart(v) {
		return nil, false
	}
	tag, ok := resolvePlain(v)
	if !ok {
		return nil, false
	}
	return p.node(node{line: l, tag: tag, value: v}), true
}

// plainStart reports whether v starts the way fastYAML takes a plain
// scalar to: not with an indicator, nor with a sign, which may make a
// number of a form it leaves to the yaml package.
func plainStart(v string) bool {
	return !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`+", rune(v[0]))
}

// plainWords are the plain scalars that the yaml package does not take as
// text, but for numbers and dates.
var plainWords = map[string]string{
	"true": "bool", "True": "bool", "TRUE": "bool",
	"false": "bool", "False": "bool", "FALSE": "bool",
	"null": "null", "Null": "null", "NULL": "null", "~": "null",
	".nan": "float", ".NaN": "float", ".NAN": "float",
	".inf": "float", ".Inf": "float", ".INF": "float",
}

// maybeWord reports whether v may be one of plainWords, which have five
// bytes at most and start with one of a few: most scalars are not looked
// up.
func maybeWord(v string) bool {
	return len(v) <= 5 && strings.IndexByte("tTfFnN~.", v[0]) >= 0
}

// resolvePlain returns the tag of plain scalar v: what fromYAML makes of
// the yaml package's tag. Of the texts starting with a digit, it takes
// decimal whole numbers without leading zeros that fit in 64 bits,
// YYYY-MM-DD dates, and texts with a character no number or date has,
// and gives up on the others.
func resolvePlain(v string) (tag string, ok bool) {
	if maybeWord(v) {
		if tag, ok := plainWords[v]; ok {
			return tag, true
		}
	}
	if v[0] == '.' {
		// No float starts with "." and no digit.
		return "str", len(v) == 1 || !isDigit(v[1])
	}
	if !isDigit(v[0]) {
		return "str", true
	}
	if isDay(v) {
		return "date", true
	}
	if !yearFirst(v) && strings.ContainsFunc(v, notInNumber) {
		return "str", true
	}
	if len(v) > 18 || (v[0] == '0' && len(v) > 1) {
		return "", false
	}
	for i := range len(v) {
		if v[i] < '0' || v[i] > '9' {
			return "", false
		}
	}
	return "int", true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// yearFirst reports whether v starts with four digits and "-", as every
// date and time the yaml package takes does.
func yearFirst(v string) bool {
	return len(v) > 4 && isDigit(v[0]) && isDigit(v[1]) && isDigit(v[2]) && isDigit(v[3]) && v[4] == '-'
}

// notInNumber reports whether r occurs in no number the yaml package
// takes (decimal, 0x hexadecimal, 0o octal or 0b binary, with "_" between
// digits, or a float, perhaps with an exponent).
func notInNumber(r rune) bool {
	return !strings.ContainsRune("0123456789abcdefABCDEFxXoO_.+-", r)
}

// isDay reports whether v is a real day written YYYY-MM-DD.
func isDay(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	_, err := time.Parse(time.DateOnly, v)
	return err == nil
}

// quoted reads a scalar in double quotes (with no escapes but \" and
// \\) or in single quotes (a quote doubled being one) that ends on its
// line, and returns its value and the text after it.
func quoted(text string) (value, rest string, ok bool) {
	q := text[0]
	end := strings.IndexByte(text[1:], q) + 1
	if end > 0 && (q == '"' && strings.IndexByte(text[1:end], '\\') < 0 || q == '\'' && !strings.HasPrefix(text[end+1:], "'")) {
		return text[1:end], text[end+1:], true // the common case: nothing to unescape
	}
	var b strings.Builder
	for i := 1; i < len(text); i++ {
		c := text[i]
		if q == '"' && c == '\\' {
			if i+1 == len(text) || text[i+1] != '"' && text[i+1] != '\\' {
				return "", "", false
			}
			i++
			b.WriteByte(text[i])
			continue
		}
		if c != q {
			b.WriteByte(c)
			continue
		}
		if q == '"' || i+1 == len(text) || text[i+1] != '\'' {
			return b.String(), text[i+1:], true
		}
		b.WriteByte(c) // '' in single quotes
		i++
	}
	return "", "", false
}

// flowSequence reads "[a, b, c]" on one line and returns the list and
// the text after it. Items are quoted or plain scalars; a plain item may
// not hold a flow indicator, a colon, "#" or "?" (which ends a plain
// scalar in a flow for the yaml package: [0?] is an error there).
func (p *fastParser) flowSequence(text string, l int) (n *node, rest string, ok bool) {
	n = p.node(node{kind: listNode, line: l})
	base := len(p.stack)
	i := 1
	for {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i == len(text) {
			return nil, "", false
		}
		if text[i] == ']' && len(p.stack) == base {
			return n, text[i+1:], true
		}
		item, size, ok := p.flowItem(text[i:], l)
		if !ok {
			return nil, "", false
		}
		p.push(item)
		for i += size; i < len(text) && text[i] == ' '; i++ {
		}
		if i < len(text) && text[i] == ']' {
			n.items = p.list(base, 0, 1)
			p.stack = p.stack[:base]
			return n, text[i+1:], true
		}
		if i == len(text) || text[i] != ',' {
			return nil, "", false
		}
		i++
	}
}

// flowItem reads one item of a flow sequence from the start of text and
// returns it and how many bytes it took.
func (p *fastParser) flowItem(text string, l int) (*node, int, bool) {
	if text[0] == '"' || text[0] == '\'' {
		v, rest, ok := quoted(text)
		return p.node(node{line: l, tag: "str", value: v}), len(text) - len(rest), ok
	}
	end := strings.IndexAny(text, ",]")
	if end < 0 {
		return nil, 0, false
	}
	v := strings.TrimRight(text[:end], " ")
	if v == "" || strings.ContainsAny(v, "[]{}:#\"'?") || !plainStart(v) {
		return nil, 0, false
	}
	tag, ok := resolvePlain(v)
	return p.node(node{line: l, tag: tag, value: v}), end, ok
}
