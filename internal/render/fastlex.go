package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// The fast tokenisers: hand-written lexers for the languages container
// documentation is mostly written in, which give, for the code they take,
// exactly the tokens chroma's own lexer for that language gives after
// chroma.Coalesce (the same types, the same text in each), in a small part
// of the time; the formatter then writes the same HTML from them.
//
// They follow chroma's rules, state by state and rule by rule, as its
// regular expressions match them (first rule that matches at the position,
// greedy and lazy repeats, backtracking where it changes the match, \b
// looking at the character before, a nested lexer seeing only its own
// text), and where one would take more than a few lines to follow, they
// give up instead (ok false) and chroma tokenises the block:
//
//   - Bash (sh, bash, shell, zsh, ksh): all of it, except double-quoted
//     and $'...' strings that end unclosed after many backslash escapes,
//     where chroma's matching time grows with each;
//   - Docker (dockerfile, containerfile): all of it, with Bash for what
//     Docker hands to Bash, and the bracket of an ENTRYPOINT, CMD, SHELL
//     or VOLUME when it is a JSON array of strings;
//   - Bash Session (console, shell-session): all of it, with Bash for
//     what follows a prompt.
//
// Any block gives up that holds a character outside ASCII, a carriage
// return, a vertical tab or a form feed (where the regular expressions'
// classes need Unicode tables, and chroma rewrites line ends), or that is
// maxFastCode bytes or longer (chroma.Coalesce stops joining a token at 8
// KB, so the joins of a longer block depend on how finely the lexer cut
// it). FuzzFastBash, FuzzFastDocker and FuzzFastSession check each answer
// against chroma.

// maxFastCode is the size from which a block goes to chroma.
const maxFastCode = 8192

// fastTokens returns the coalesced tokens of chroma's lexer named lexer
// for code, or ok false when no fast tokeniser takes it.
func fastTokens(lexer, code string) (toks []chroma.Token, ok bool) {
	return appendFastTokens(nil, new(spans), lexer, code)
}

// appendFastTokens is fastTokens appending the tokens to toks, with out
// for its spans (what out held is dropped; its list's room is used again).
func appendFastTokens(toks []chroma.Token, out *spans, lexer, code string) ([]chroma.Token, bool) {
	if len(code) >= maxFastCode || !fastChars(code) {
		return toks, false
	}
	*out = spans{code: code, list: out.list[:0]}
	ok := false
	switch lexer {
	case "Bash":
		ok = lexBash(out, 0, len(code))
	case "Docker":
		ok = lexDocker(out)
	case "Bash Session":
		if !strings.HasSuffix(code, "\n") {
			out.code += "\n"
		}
		ok = lexSession(out, len(code))
	}
	if !ok {
		return toks, false
	}
	return out.appendTokens(toks), true
}

// fastChars reports whether code holds only ASCII characters other than
// \r, \v and \f.
func fastChars(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c >= 0x80, c == '\r', c == '\v', c == '\f':
			return false
		}
	}
	return true
}

// spans collects tokens as ranges of code, joining each to the one before
// when it has the same type, as chroma.Coalesce does. Every rule the fast
// tokenisers follow cuts its match into groups that cover it, so the
// tokens cover code from start to end and a join is always of neighbours.
type spans struct {
	code string
	list []span
}

type span struct {
	typ        chroma.TokenType
	start, end int
}

func (s *spans) add(typ chroma.TokenType, start, end int) {
	if start == end {
		return
	}
	if n := len(s.list); n > 0 && s.list[n-1].typ == typ {
		s.list[n-1].end = end
		return
	}
	s.list = append(s.list, span{typ, start, end})
}

func (s *spans) appendTokens(toks []chroma.Token) []chroma.Token {
	for _, sp := range s.list {
		toks = append(toks, chroma.Token{Type: sp.typ, Value: s.code[sp.start:sp.end]})
	}
	return toks
}

// The character classes of chroma's regular expressions, for ASCII.

func isWordChar(c byte) bool { // \w
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isSpaceChar(c byte) bool { // \s, without \r, \v and \f, which fastChars keeps out
	return c == ' ' || c == '\t' || c == '\n'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lexText is the text one lexer sees, with the matching primitives its rules
// are built of; positions are indexes into s.
type lexText struct {
	s string
}

func (t lexText) wordAt(i int) bool { return i >= 0 && i < len(t.s) && isWordChar(t.s[i]) }

// boundary is \b at i.
func (t lexText) boundary(i int) bool { return t.wordAt(i-1) != t.wordAt(i) }

// run returns the end of the run of characters in class from i.
func (t lexText) run(i int, class func(byte) bool) int {
	for i < len(t.s) && class(t.s[i]) {
		i++
	}
	return i
}

// lineEnd returns the index of the first newline from i, or len(s).
func (t lexText) lineEnd(i int) int {
	if n := strings.IndexByte(t.s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(t.s)
}

// at reports whether s has c at i.
func (t lexText) at(i int, c byte) bool { return i < len(t.s) && t.s[i] == c }
