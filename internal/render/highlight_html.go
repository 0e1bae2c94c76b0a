package render

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
)

// The code formatter: appendCodeHTML writes a stream of tokens as HTML,
// byte for byte as chroma's HTML formatter writes it with the options the
// Highlighter used it with (CSS classes, no class prefix, no line numbers,
// no highlighted lines, the surrounding pre; the tab width it was also
// given shows only in the stylesheet), but appended straight to a byte
// slice, with no formatting verbs and no allocation per token:
//
//	<pre class="chroma"><code>
//	<span class="line"><span class="cl">TOKENS</span></span>   for each line
//	</code></pre>
//
// where a token is its text, escaped as html.EscapeString escapes (& ' < > "),
// inside <span class="CLASS">...</span> when its type has a class.
//
// Lines are cut as chroma.SplitTokensIntoLines cuts them: after each
// newline, a token that holds newlines is cut into pieces of the same
// type, each ending a line, and a last line that is one token with no
// text is left out. As chroma's formatter reads its tokens from an
// iterator, the stream ends at the first token that is chroma.EOF (no type,
// no text). A type's class is chroma.StandardTypes' name for the type, or,
// for a type it does not name, for the nearest of its parents it names
// (TokenType.Parent), as chroma looks it up; for the types a lexer gives
// that lookup is done once, into a table.
//
// FuzzFormat and TestFormatMatchesChroma check it against chroma's
// formatter.

// appendCodeHTML appends toks, formatted, to b.
func appendCodeHTML(b []byte, toks []chroma.Token) []byte {
	classes := tokenClasses()
	for i, t := range toks {
		if t == chroma.EOF {
			toks = toks[:i]
			break
		}
	}
	if n := len(toks); n > 0 && toks[n-1].Value == "" && (n == 1 || strings.HasSuffix(toks[n-2].Value, "\n")) {
		toks = toks[:n-1] // a last line of one empty token
	}
	b = append(b, `<pre class="chroma"><code>`...)
	open := false // a line's spans are open
	for _, t := range toks {
		class := classes.of(t.Type)
		v := t.Value
		for {
			if !open {
				b = append(b, `<span class="line"><span class="cl">`...)
				open = true
			}
			piece := v
			if i := strings.IndexByte(v, '\n'); i >= 0 {
				piece = v[:i+1]
			}
			b = appendToken(b, class, piece)
			v = v[len(piece):]
			if strings.HasSuffix(piece, "\n") {
				b = append(b, "</span></span>"...)
				open = false
			}
			if v == "" {
				break
			}
		}
	}
	if open {
		b = append(b, "</span></span>"...)
	}
	return append(b, "</code></pre>"...)
}

// appendToken appends one token's text, escaped, in a span of its class
// unless class is empty.
func appendToken(b []byte, class, text string) []byte {
	if class == "" {
		return appendHTMLEscaped(b, text)
	}
	b = append(b, `<span class="`...)
	b = append(b, class...)
	b = append(b, `">`...)
	b = appendHTMLEscaped(b, text)
	return append(b, "</span>"...)
}

// appendHTMLEscaped appends s escaped as html.EscapeString escapes it.
func appendHTMLEscaped(b []byte, s string) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b = append(b, s[done:i]...)
		b = append(b, esc...)
		done = i + 1
	}
	return append(b, s[done:]...)
}

// classTableSize bounds the token types whose class is in the table: the
// types chroma defines are all below it.
const classTableSize = 10000

// classTable holds the class of each token type from 0 to
// classTableSize-1, as an index into names.
type classTable struct {
	index [classTableSize]uint16
	names []string
}

// tokenClasses returns the class table, built on first use and never
// changed after.
var tokenClasses = sync.OnceValue(func() *classTable {
	t := &classTable{names: []string{""}}
	ids := map[string]uint16{"": 0}
	for tt := range classTableSize {
		name := chromaClass(chroma.TokenType(tt))
		id, ok := ids[name]
		if !ok {
			id = uint16(len(t.names))
			ids[name] = id
			t.names = append(t.names, name)
		}
		t.index[tt] = id
	}
	return t
})

// of returns the class of tt, "" for none.
func (t *classTable) of(tt chroma.TokenType) string {
	if tt >= 0 && tt < classTableSize {
		return t.names[t.index[tt]]
	}
	return chromaClass(tt)
}

// chromaClass returns the class chroma's HTML formatter gives tt.
func chromaClass(tt chroma.TokenType) string {
	for ; tt != 0; tt = tt.Parent() {
		if class, ok := chroma.StandardTypes[tt]; ok {
			return class
		}
	}
	return chroma.StandardTypes[0]
}
