package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// dockerLexer follows chroma's Docker lexer: one state, whose rules match
// their instruction words in any case and anywhere a rule may start (not
// only at a line's start), and hand the rest of a line to Bash. Nothing
// matches a newline, which chroma therefore makes an error token.
type dockerLexer struct {
	lexText
	out      *spans
	declined bool
}

// lexDocker tokenises out.code as chroma's Docker lexer does.
func lexDocker(out *spans) bool {
	d := dockerLexer{lexText: lexText{out.code}, out: out}
	for pos := 0; pos < len(d.s) && !d.declined; {
		if next := d.step(pos); next > pos {
			pos = next
			continue
		}
		out.add(chroma.Error, pos, pos+1)
		pos++
	}
	return !d.declined
}

// bash hands s[start:end] to Bash, on its own.
func (d *dockerLexer) bash(start, end int) {
	if !lexBash(d.out, start, end) {
		d.declined = true
	}
}

// hasWord reports whether s has word at i, in any case.
func (d *dockerLexer) hasWord(i int, word string) bool {
	return len(d.s)-i >= len(word) && strings.EqualFold(d.s[i:i+len(word)], word)
}

// word returns the first of words s has at i, in any case.
func (d *dockerLexer) word(i int, words ...string) (string, bool) {
	for _, w := range words {
		if d.hasWord(i, w) {
			return w, true
		}
	}
	return "", false
}

// step applies the first rule that matches at pos and returns where the
// next starts, or pos when none matches.
func (d *dockerLexer) step(pos int) int {
	if d.at(pos, '#') { // #.*
		end := d.lineEnd(pos)
		d.out.add(chroma.Comment, pos, end)
		return end
	}
	if d.hasWord(pos, "ONBUILD") { // (ONBUILD)((?:\s*\\?\s*))
		return d.keywordThenBash(pos, pos+7, d.gap(pos+7))
	}
	if d.hasWord(pos, "HEALTHCHECK") {
		return d.keywordThenBash(pos, pos+11, d.settings(pos+11, true))
	}
	if end := d.execForm(pos); end > pos {
		return end
	}
	if w, ok := d.word(pos, "LABEL", "ENV", "ARG"); ok {
		return d.keywordThenBash(pos, pos+len(w), d.settings(pos+len(w), false))
	}
	if end := d.argument(pos); end > pos {
		return end
	}
	if w, ok := d.word(pos, "RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "LABEL", "ADD", "COPY"); ok {
		d.out.add(chroma.Keyword, pos, pos+len(w))
		return pos + len(w)
	}
	return d.lines(pos)
}

func (d *dockerLexer) keywordThenBash(pos, kwEnd, end int) int {
	d.out.add(chroma.Keyword, pos, kwEnd)
	d.bash(kwEnd, end)
	return end
}

// gap is \s*\\?\s*: spaces (newlines too), a backslash, spaces. Where it
// stands before something that is neither, no shorter reading of it ends
// anywhere else but at a space or the backslash.
func (d *dockerLexer) gap(i int) int {
	i = d.run(i, isSpaceChar)
	if d.at(i, '\\') {
		i++
	}
	return d.run(i, isSpaceChar)
}

// settings is (?:gap(--)?\w+=\w+gap)*, HEALTHCHECK's --name=value settings
// (dashes) or LABEL's, ENV's and ARG's name=value pairs: as many whole
// ones as follow i.
func (d *dockerLexer) settings(i int, dashes bool) int {
	end := i
	for {
		j := d.gap(end)
		if dashes {
			if !strings.HasPrefix(d.s[j:], "--") {
				return end
			}
			j += 2
		}
		w := d.run(j, isWordChar)
		if w == j || !d.at(w, '=') {
			return end
		}
		v := d.run(w+1, isWordChar)
		if v == w+1 {
			return end
		}
		end = d.gap(v)
	}
}

// execForm: (VOLUME|ENTRYPOINT|CMD|SHELL)(gap)(\[.*?\]), the keyword, a
// gap for Bash and, up to the first ] on the line, JSON.
func (d *dockerLexer) execForm(pos int) int {
	w, ok := d.word(pos, "VOLUME", "ENTRYPOINT", "CMD", "SHELL")
	if !ok {
		return pos
	}
	g := d.gap(pos + len(w))
	if !d.at(g, '[') {
		return pos
	}
	c := strings.IndexByte(d.s[g:d.lineEnd(g)], ']')
	if c < 0 {
		return pos
	}
	end := g + c + 1
	d.keywordThenBash(pos, pos+len(w), g)
	if !lexJSONArray(d.out, g, end) {
		d.declined = true
	}
	return end
}

// argument: ((?:FROM|MAINTAINER|EXPOSE|WORKDIR|USER|STOPSIGNAL)|VOLUME)\b
// (\s)([\S]*)\b(?:(\s)(AS)\b(\s)([\S]*))?\b, the keyword and its first
// argument, and "AS name" after it. The argument is the longest start of
// the characters up to a space that ends at a word boundary.
func (d *dockerLexer) argument(pos int) int {
	w, ok := d.word(pos, "FROM", "MAINTAINER", "EXPOSE", "WORKDIR", "USER", "STOPSIGNAL", "VOLUME")
	if !ok {
		return pos
	}
	e := pos + len(w)
	if d.wordAt(e) || e == len(d.s) || !isSpaceChar(d.s[e]) {
		return pos
	}
	arg, ok := d.toBoundary(e + 1)
	if !ok {
		return pos
	}
	d.out.add(chroma.Keyword, pos, e)
	d.out.add(chroma.TextWhitespace, e, e+1)
	d.out.add(chroma.LiteralString, e+1, arg)
	a := arg
	if a+4 <= len(d.s) && isSpaceChar(d.s[a]) && d.hasWord(a+1, "AS") && isSpaceChar(d.s[a+3]) {
		if name, ok := d.toBoundary(a + 4); ok {
			d.out.add(chroma.TextWhitespace, a, a+1)
			d.out.add(chroma.Keyword, a+1, a+3)
			d.out.add(chroma.TextWhitespace, a+3, a+4)
			d.out.add(chroma.LiteralString, a+4, name)
			return name
		}
	}
	return arg
}

// toBoundary is ([\S]*)\b from i: the end of the longest run of
// non-spaces from i that ends at a word boundary.
func (d *dockerLexer) toBoundary(i int) (int, bool) {
	for k := d.run(i, func(c byte) bool { return !isSpaceChar(c) }); k >= i; k-- {
		if d.boundary(k) {
			return k, true
		}
	}
	return 0, false
}

// lines: (.*\\\n)*.+ for Bash, the rest of the line and the lines it
// continues onto with a backslash at their end, where the last of those
// is not empty; else the lines before it.
func (d *dockerLexer) lines(pos int) int {
	cur, last := pos, -1
	for {
		le := d.lineEnd(cur)
		if le == len(d.s) || le == cur || d.s[le-1] != '\\' {
			break
		}
		last, cur = cur, le+1
	}
	end := d.lineEnd(cur)
	if end == cur {
		if last < 0 {
			return pos
		}
		end = cur - 1
	}
	d.bash(pos, end)
	return end
}

// lexJSONArray tokenises out.code[start:end], a JSON array of strings on
// one line, as chroma's JSON lexer does; on anything else in the array it
// gives up.
func lexJSONArray(out *spans, start, end int) bool {
	t := lexText{out.code[:end]}
	out.add(chroma.Punctuation, start, start+1)
	for i := start + 1; i < end; {
		switch c := t.s[i]; {
		case isSpaceChar(c):
			j := t.run(i, isSpaceChar)
			out.add(chroma.Text, i, j)
			i = j
		case c == ',' || c == ']':
			out.add(chroma.Punctuation, i, i+1)
			i++
		case c == '"':
			j, ok := jsonString(t.s, i)
			if !ok {
				return false
			}
			out.add(chroma.LiteralStringDouble, i, j)
			i = j
		default:
			return false
		}
	}
	return true
}

// jsonString scans "(\\\\|\\"|[^"])*" from i, taking \\ and \" as pairs,
// to the first other quote; ok is false when there is none, where the
// regular expression would look for another reading.
func jsonString(s string, i int) (end int, ok bool) {
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '"':
			return j + 1, true
		case s[j] == '\\' && j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == '"'):
			j++
		}
	}
	return 0, false
}
