package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// bashState is a state of chroma's Bash lexer.
type bashState uint8

const (
	bashRoot      bashState = iota
	bashString              // inside "...", after a $ stopped the one-token rule
	bashParen               // inside $( )
	bashMath                // inside $(( ))
	bashBackticks           // inside ` `
	bashCurly               // inside ${ }
)

// bashLexer follows chroma's Bash lexer over one text (a whole block, or
// the part of a Dockerfile that Docker hands to Bash).
type bashLexer struct {
	lexText
	base     int // where s starts in the block
	out      *spans
	pos      int
	stack    []bashState
	declined bool
}

// bashAmbiguous is how many escapes an unclosed double-quoted or $'...'
// string may hold before the tokeniser gives up: chroma's rule for such a
// string tries each way of reading each \\ or \digit escape before it
// fails, twice the time for each one more.
const bashAmbiguous = 10

// lexBash tokenises out.code[start:end] as chroma's Bash lexer does.
func lexBash(out *spans, start, end int) bool {
	l := bashLexer{lexText: lexText{out.code[start:end]}, base: start, out: out, stack: []bashState{bashRoot}}
	for l.pos < len(l.s) && !l.declined {
		st := l.stack[len(l.stack)-1]
		if l.step(st) {
			continue
		}
		// No rule matched: chroma starts again from the root state at a
		// newline, and otherwise makes the character an error.
		if l.s[l.pos] == '\n' && st != bashRoot {
			l.stack = l.stack[:1]
			continue
		}
		l.emit(chroma.Error, l.pos+1)
	}
	return !l.declined
}

// emit makes s[pos:end] one token and moves pos to end.
func (l *bashLexer) emit(typ chroma.TokenType, end int) {
	l.out.add(typ, l.base+l.pos, l.base+end)
	l.pos = end
}

func (l *bashLexer) push(st bashState) { l.stack = append(l.stack, st) }
func (l *bashLexer) pop()              { l.stack = l.stack[:len(l.stack)-1] }

// step applies the first rule of st that matches at pos.
func (l *bashLexer) step(st bashState) bool {
	switch st {
	case bashString:
		return l.inString()
	case bashParen:
		if l.at(l.pos, ')') {
			l.emit(chroma.Keyword, l.pos+1)
			l.pop()
			return true
		}
	case bashMath:
		if l.math() {
			return true
		}
	case bashBackticks:
		if l.at(l.pos, '`') {
			l.emit(chroma.LiteralStringBacktick, l.pos+1)
			l.pop()
			return true
		}
	case bashCurly:
		if l.curly() {
			return true
		}
	}
	return l.root()
}

// root is the root state: the basic rules, backticks, data, then
// interpolation.
func (l *bashLexer) root() bool {
	return l.keyword() || l.builtin() || l.shebang() || l.comment() ||
		l.escape() || l.assignment() || l.operator() || l.backtick() || l.data() || l.interp()
}

// bashKeywords are the keywords in the order chroma's alternation tries
// them.
var bashKeywords = [...]string{"if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "case", "select", "continue", "until", "esac", "elif"}

// bashBuiltins are the builtins, each between spaces.
const bashBuiltins = " alias bg bind break builtin caller cd command compgen complete declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history jobs kill let local logout popd printf pushd pwd read readonly set shift shopt source suspend test time times trap true type typeset ulimit umask unalias unset wait "

// keyword: \b(if|fi|...)(\s*)\b, a keyword and the spaces after it when a
// word follows them.
func (l *bashLexer) keyword() bool {
	p := l.pos
	if l.wordAt(p-1) || !l.wordAt(p) {
		return false
	}
	for _, kw := range bashKeywords {
		if !strings.HasPrefix(l.s[p:], kw) {
			continue
		}
		e := p + len(kw)
		w := l.run(e, isSpaceChar)
		switch {
		case w > e && l.wordAt(w):
			l.emit(chroma.Keyword, e)
			l.emit(chroma.Text, w)
			return true
		case w > e || !l.wordAt(e):
			l.emit(chroma.Keyword, e)
			return true
		}
	}
	return false
}

// builtin: \b(alias|...)(?=[\s)`]), a whole word.
func (l *bashLexer) builtin() bool {
	p := l.pos
	if l.wordAt(p-1) || !l.wordAt(p) {
		return false
	}
	e := l.run(p, isWordChar)
	if e == len(l.s) || !(isSpaceChar(l.s[e]) || l.s[e] == ')' || l.s[e] == '`') {
		return false
	}
	if !strings.Contains(bashBuiltins, " "+l.s[p:e]+" ") {
		return false
	}
	l.emit(chroma.NameBuiltin, e)
	return true
}

// shebang: \A#!.+\n
func (l *bashLexer) shebang() bool {
	if l.pos != 0 || !strings.HasPrefix(l.s, "#!") {
		return false
	}
	nl := strings.IndexByte(l.s, '\n')
	if nl < 3 {
		return false
	}
	l.emit(chroma.CommentPreproc, nl+1)
	return true
}

// comment: #.*(\S|$), the rest of the line.
func (l *bashLexer) comment() bool {
	if !l.at(l.pos, '#') {
		return false
	}
	l.emit(chroma.CommentSingle, l.lineEnd(l.pos))
	return true
}

// escape: \\[\w\W]
func (l *bashLexer) escape() bool {
	if !l.at(l.pos, '\\') || l.pos+1 == len(l.s) {
		return false
	}
	l.emit(chroma.LiteralStringEscape, l.pos+2)
	return true
}

// assignment: (\b\w+)(\s*)(\+?=)
func (l *bashLexer) assignment() bool {
	p := l.pos
	if l.wordAt(p-1) || !l.wordAt(p) {
		return false
	}
	e := l.run(p, isWordChar)
	w := l.run(e, isSpaceChar)
	op := w + 1
	if strings.HasPrefix(l.s[w:], "+=") {
		op = w + 2
	} else if !l.at(w, '=') {
		return false
	}
	l.emit(chroma.NameVariable, e)
	l.emit(chroma.Text, w)
	l.emit(chroma.Operator, op)
	return true
}

// operator: [\[\]{}()=], <<< and, after the here-document rule, && and ||.
func (l *bashLexer) operator() bool {
	rest := l.s[l.pos:]
	switch {
	case strings.IndexByte("[]{}()=", rest[0]) >= 0:
		l.emit(chroma.Operator, l.pos+1)
	case strings.HasPrefix(rest, "<<<"):
		l.emit(chroma.Operator, l.pos+3)
	case l.heredoc():
	case strings.HasPrefix(rest, "&&"), strings.HasPrefix(rest, "||"):
		l.emit(chroma.Operator, l.pos+2)
	default:
		return false
	}
	return true
}

// heredoc: <<-?\s*(\'?)\\?(\w+)[\w\W]+?\2, from << to the first place
// after the word where the word appears again, or else where the longest
// shorter start of it does. Only the word's length can change when the
// regular expression backtracks: every other choice leaves \w+ before a
// character that is not a word character.
func (l *bashLexer) heredoc() bool {
	if !strings.HasPrefix(l.s[l.pos:], "<<") {
		return false
	}
	q := l.pos + 2
	if l.at(q, '-') {
		q++
	}
	q = l.run(q, isSpaceChar)
	if l.at(q, '\'') {
		q++
	}
	if l.at(q, '\\') {
		q++
	}
	e := l.run(q, isWordChar)
	for k := e - q; k >= 1; k-- {
		from := q + k + 1
		if from > len(l.s) {
			continue
		}
		if i := strings.Index(l.s[from:], l.s[q:q+k]); i >= 0 {
			l.emit(chroma.LiteralString, from+i+k)
			return true
		}
	}
	return false
}

// backtick: ` opens a command substitution.
func (l *bashLexer) backtick() bool {
	if !l.at(l.pos, '`') {
		return false
	}
	l.emit(chroma.LiteralStringBacktick, l.pos+1)
	l.push(bashBackticks)
	return true
}

// data is the data state's rules.
func (l *bashLexer) data() bool {
	p := l.pos
	c := l.s[p]
	switch {
	case l.doubleQuoted():
	case c == '"':
		l.emit(chroma.LiteralStringDouble, p+1)
		l.push(bashString)
	case c == '$' && l.at(p+1, '\''):
		end, ok := l.quoted(p+2, '\'', "")
		if !ok {
			return false
		}
		l.emit(chroma.LiteralStringSingle, end)
	case c == '\'':
		i := strings.IndexByte(l.s[p+1:], '\'')
		if i < 0 {
			return false
		}
		l.emit(chroma.LiteralStringSingle, p+1+i+1)
	case c == ';' || c == '&' || c == '|':
		l.emit(chroma.Punctuation, p+1)
	case isSpaceChar(c):
		l.emit(chroma.Text, l.run(p, isSpaceChar))
	case l.number():
	case !strings.ContainsRune("=[]{}()$\"'`\\<&|;", rune(c)):
		l.emit(chroma.Text, l.run(p, isBashWord))
	case c == '<':
		l.emit(chroma.Text, p+1)
	default:
		return false
	}
	return true
}

// isBashWord is [^=\s\[\]{}()$"'`\\<&|;].
func isBashWord(c byte) bool {
	return !isSpaceChar(c) && strings.IndexByte("=[]{}()$\"'`\\<&|;", c) < 0
}

// doubleQuoted: \$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*", a whole string without
// an unescaped $ in it.
func (l *bashLexer) doubleQuoted() bool {
	q := l.pos
	if l.at(q, '$') {
		q++
	}
	if !l.at(q, '"') {
		return false
	}
	end, ok := l.quoted(q+1, '"', "$")
	if !ok {
		return false
	}
	l.emit(chroma.LiteralStringDouble, end)
	return true
}

// quoted scans a string body from i as (\\\\|\\[0-7]+|\\.|[^q\\stop])*q
// does: an escape takes the character after it, and the body ends at the
// first unescaped q (the end returned is after it) or fails at an
// unescaped stop character or the end of the text. An escape can be read
// in more than one way (\\ and \digit), which changes nothing in where
// the body ends but is what chroma's regular expression tries, each way,
// when it fails: past bashAmbiguous of those the lexer gives up.
func (l *bashLexer) quoted(i int, q byte, stop string) (end int, ok bool) {
	ambiguous := 0
	for i < len(l.s) {
		c := l.s[i]
		switch {
		case c == q:
			return i + 1, true
		case strings.IndexByte(stop, c) >= 0:
			i = len(l.s)
		case c == '\\':
			if i+1 == len(l.s) {
				i = len(l.s)
				break
			}
			if d := l.s[i+1]; d == '\\' || d >= '0' && d <= '7' {
				ambiguous++
			}
			i += 2
		default:
			i++
		}
	}
	if ambiguous > bashAmbiguous {
		l.declined = true
	}
	return 0, false
}

// number: \d+(?= |$)
func (l *bashLexer) number() bool {
	e := l.run(l.pos, isDigit)
	if e == l.pos || !(e == len(l.s) || l.s[e] == ' ' || l.s[e] == '\n') {
		return false
	}
	l.emit(chroma.LiteralNumber, e)
	return true
}

// interp is the interp state's rules: $((, $(, ${, $name, $1 and $?, $.
func (l *bashLexer) interp() bool {
	p := l.pos
	if !l.at(p, '$') {
		return false
	}
	rest := l.s[p:]
	switch {
	case strings.HasPrefix(rest, "$(("):
		l.emit(chroma.Keyword, p+3)
		l.push(bashMath)
	case strings.HasPrefix(rest, "$("):
		l.emit(chroma.Keyword, p+2)
		l.push(bashParen)
	case strings.HasPrefix(rest, "${#"):
		l.emit(chroma.LiteralStringInterpol, p+3)
		l.push(bashCurly)
	case strings.HasPrefix(rest, "${"):
		l.emit(chroma.LiteralStringInterpol, p+2)
		l.push(bashCurly)
	case len(rest) > 1 && isNameStart(rest[1]):
		l.emit(chroma.NameVariable, l.run(p+1, isWordChar))
	case len(rest) > 1 && isDigit(rest[1]):
		l.emit(chroma.NameVariable, l.run(p+1, isDigit))
	case len(rest) > 1 && strings.IndexByte("#$?!_*@-", rest[1]) >= 0:
		l.emit(chroma.NameVariable, p+2)
	default:
		l.emit(chroma.Text, p+1)
	}
	return true
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// inString is the string state: the closing quote, a run of the string,
// or an interpolation.
func (l *bashLexer) inString() bool {
	p := l.pos
	if l.at(p, '"') {
		l.emit(chroma.LiteralStringDouble, p+1)
		l.pop()
		return true
	}
	i := p
	for i < len(l.s) && l.s[i] != '"' && l.s[i] != '$' {
		if l.s[i] == '\\' {
			if i+1 == len(l.s) {
				break
			}
			i++
		}
		i++
	}
	if i > p {
		l.emit(chroma.LiteralStringDouble, i)
		return true
	}
	return l.interp()
}

// math is the math state's own rules, before root's.
func (l *bashLexer) math() bool {
	p := l.pos
	switch {
	case strings.HasPrefix(l.s[p:], "))"):
		l.emit(chroma.Keyword, p+2)
		l.pop()
	case strings.IndexByte("-+*/%^|&", l.s[p]) >= 0:
		l.emit(chroma.Operator, p+1)
	case isDigit(l.s[p]):
		e := l.run(p, isDigit)
		switch {
		case !l.at(e, '#'):
		case e+1 < len(l.s) && isDigit(l.s[e+1]):
			e = l.run(e+1, isDigit)
		case !l.at(e+1, ' '):
			e++
		}
		l.emit(chroma.LiteralNumber, e)
	default:
		return false
	}
	return true
}

// curly is the curly state's own rules, before root's.
func (l *bashLexer) curly() bool {
	p := l.pos
	c := l.s[p]
	switch {
	case c == '}':
		l.emit(chroma.LiteralStringInterpol, p+1)
		l.pop()
	case strings.HasPrefix(l.s[p:], ":-"):
		l.emit(chroma.Keyword, p+2)
	case isWordChar(c):
		l.emit(chroma.NameVariable, l.run(p, isWordChar))
	case isCurlyPunct(c):
		l.emit(chroma.Punctuation, l.run(p, isCurlyPunct))
	case c == ':':
		l.emit(chroma.Punctuation, p+1)
	default:
		return false
	}
	return true
}

// isCurlyPunct is [^}:"'`$\\].
func isCurlyPunct(c byte) bool { return strings.IndexByte("}:\"'`$\\", c) < 0 }
