package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// lexSession tokenises out.code[:end] as chroma's Bash Session lexer
// (console, shell-session) does: line by line, a line that starts with a
// prompt is the prompt, spaces, and Bash for the rest of the line; any
// other line is output; an empty line is an error. chroma ends the text
// with a newline when it has none (out.code then holds it, past end): a
// last line takes it into its tokens.
func lexSession(out *spans, end int) bool {
	t := lexText{out.code}
	for pos := 0; pos < end; {
		le := t.lineEnd(pos)
		next := min(le+1, len(t.s))
		switch p, ok := sessionPrompt(t, pos); {
		case ok: // ^((?:\[[^]]+@[^]]+\]\s?)?[#$%>])(\s*)(.*\n?)
			w := t.run(p, isSpaceChar)
			next = min(t.lineEnd(w)+1, len(t.s))
			out.add(chroma.GenericPrompt, pos, p)
			out.add(chroma.Text, p, w)
			if !lexBash(out, w, next) {
				return false
			}
		case le > pos: // ^.+\n?
			out.add(chroma.GenericOutput, pos, next)
		default:
			next = pos + 1
			out.add(chroma.Error, pos, next)
		}
		pos = next
	}
	return true
}

// sessionPrompt returns the end of the prompt at pos: one of #$%>, after
// a [user@host] (where [^]]+ runs past newlines too) and a space, or
// alone.
func sessionPrompt(t lexText, pos int) (int, bool) {
	if c := strings.IndexByte(t.s[pos:], ']'); t.at(pos, '[') && c >= 0 {
		c += pos
		if c-1 > pos+2 && strings.IndexByte(t.s[pos+2:c-1], '@') >= 0 {
			q := c + 1
			if q < len(t.s) && isSpaceChar(t.s[q]) && q+1 < len(t.s) && isPromptChar(t.s[q+1]) {
				return q + 2, true
			}
			if q < len(t.s) && isPromptChar(t.s[q]) {
				return q + 1, true
			}
		}
	}
	if pos < len(t.s) && isPromptChar(t.s[pos]) {
		return pos + 1, true
	}
	return 0, false
}

func isPromptChar(c byte) bool { return strings.IndexByte("#$%>", c) >= 0 }
