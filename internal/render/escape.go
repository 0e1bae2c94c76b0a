package render

import (
	"html/template"
	"strconv"
	"strings"
	"text/template/parse"
)

// Every action html/template escapes ends in a chain of its escapers,
// {{.Title | _html_template_htmlescaper}}, and text/template calls each
// function of a pipeline through reflection: a variadic escaper costs a
// slice besides the call, and a link in an href is four calls, {{url .URL
// | _html_template_urlfilter | _html_template_urlnormalizer |
// _html_template_attrescaper}}. Once a page set is escaped (see
// foldConstants), its actions are made cheaper without changing a byte of
// what they write:
//
//   - a chain of escapers becomes one call of a function of one argument
//     that writes what the chain writes: a string or an int is escaped
//     here, where nothing but the characters html/template replaces in
//     that context matter; any other value (a template.HTML in an
//     attribute, a pointer, a Stringer) goes through a one-action
//     html/template template that html/template escaped with that very
//     chain, so html/template itself says what it writes;
//   - url, absURL and asset followed by such a chain are one call;
//   - a chain after a function whose result the escapers write unchanged
//     is dropped: date, longDate, counts, len and plural with plain words
//     in HTML text, attributes and RCDATA; the template.HTML of
//     partialCached, pull and ref in HTML text. So is one after a variable
//     that every declaration in its template sets from such a function;
//   - partialCached with one key or none is called through a function of
//     that arity, without the slice of its variadic keys.
//
// A chain is only rewritten when a probe template shows that html/template
// escapes that context with it, so another Go release that escapes
// otherwise leaves the actions as they are.

// An escChain is a context of an action and the escapers html/template
// puts after the action there.
type escChain struct {
	name     string // the function the chain becomes
	escapers []string
	// probe is a template with one action, {{.}}, in the context, and
	// what it writes around the action.
	probe, before, after string
	// text reports whether the chain is in HTML text, where a
	// template.HTML is written as it is.
	text bool
	// plain writes what the chain writes for a string, or a
	// template.URL when url is set, or reports that it does not know.
	plain func(s string, url bool) (string, bool)
	// fn is the function the chain becomes (probedChains).
	fn func(v any) string
}

// probedChains returns the escChains html/template escapes with, each
// with its function. A theme makes them once (ParseTheme).
func probedChains() []escChain {
	var chains []escChain
	for _, c := range escChains() {
		if c.fn = c.escaper(); c.fn != nil {
			chains = append(chains, c)
		}
	}
	return chains
}

const (
	htmlEsc   = "_html_template_htmlescaper"
	attrEsc   = "_html_template_attrescaper"
	rcdataEsc = "_html_template_rcdataescaper"
	urlFilter = "_html_template_urlfilter"
	urlNorm   = "_html_template_urlnormalizer"
	urlEsc    = "_html_template_urlescaper"
)

// escChains are the chains rewritten: a URL attribute and the fragment
// of one, HTML text, a quoted attribute and RCDATA (a title). A chain that
// ends another comes after it.
func escChains() []escChain {
	return []escChain{
		{name: "_sitegen_href", escapers: []string{urlFilter, urlNorm, attrEsc}, probe: `<a href="{{.}}">`, before: `<a href="`, after: `">`, plain: plainHref},
		{name: "_sitegen_fragment", escapers: []string{urlEsc, attrEsc}, probe: `<a href="#{{.}}">`, before: `<a href="#`, after: `">`, plain: plainFragment},
		{name: "_sitegen_html", escapers: []string{htmlEsc}, probe: `{{.}}`, text: true, plain: escapeText},
		{name: "_sitegen_attr", escapers: []string{attrEsc}, probe: `<p title="{{.}}">`, before: `<p title="`, after: `">`, plain: escapeText},
		{name: "_sitegen_rcdata", escapers: []string{rcdataEsc}, probe: `<title>{{.}}</title>`, before: `<title>`, after: `</title>`, plain: escapeText},
	}
}

// escaper returns the function chain c becomes, or nil when html/template
// does not escape c's probe with c's escapers. It returns no error: text/
// template allocates each result of a function it calls, so the probe's
// error, if any, is a panic, which text/template reports as the error of
// the call.
func (c escChain) escaper() func(v any) string {
	probe, err := template.New("").Parse(c.probe)
	if err != nil {
		return nil
	}
	var out strings.Builder
	if probe.Execute(&out, "") != nil || out.String() != c.before+c.after || !probeChain(probe, c.escapers) {
		return nil
	}
	slow := func(v any) string {
		var out strings.Builder
		if err := probe.Execute(&out, v); err != nil {
			panic(err)
		}
		s := out.String()
		return s[len(c.before) : len(s)-len(c.after)]
	}
	return func(v any) string {
		switch v := v.(type) {
		case string:
			if s, ok := c.plain(v, false); ok {
				return s
			}
		case template.URL:
			if s, ok := c.plain(string(v), true); ok {
				return s
			}
		case int:
			return strconv.Itoa(v)
		case bool:
			if s, ok := c.plain(strconv.FormatBool(v), false); ok {
				return s
			}
		case template.HTML:
			if c.text {
				return string(v)
			}
		}
		return slow(v)
	}
}

// probeChain reports whether the one action of an escaped probe is
// {{. | escapers...}}.
func probeChain(probe *template.Template, escapers []string) bool {
	var action *parse.ActionNode
	for _, n := range probe.Tree.Root.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			if action != nil {
				return false
			}
			action = a
		}
	}
	if action == nil || len(action.Pipe.Cmds) != 1+len(escapers) {
		return false
	}
	return chainAt(action.Pipe, 1, escapers)
}

// chainAt reports whether the commands of pipe from i on are calls of
// escapers, one each, without arguments.
func chainAt(pipe *parse.PipeNode, i int, escapers []string) bool {
	if len(pipe.Cmds)-i != len(escapers) {
		return false
	}
	for k, name := range escapers {
		args := pipe.Cmds[i+k].Args
		if len(args) != 1 {
			return false
		}
		if id, ok := args[0].(*parse.IdentifierNode); !ok || id.Ident != name {
			return false
		}
	}
	return true
}

// escapeText writes s as html/template's HTML, attribute and RCDATA
// escapers write a string: the five characters that can end a text or a
// quoted value as references, "+" too, NUL as U+FFFD; everything else as
// it is, bytes that are not UTF-8 included.
func escapeText(s string, _ bool) (string, bool) {
	i := 0
	for i < len(s) && textEscape(s[i]) == "" {
		i++
	}
	if i == len(s) {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if r := textEscape(s[i]); r != "" {
			b.WriteString(r)
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String(), true
}

func textEscape(c byte) string {
	switch c {
	case 0:
		return "\uFFFD"
	case '"':
		return "&#34;"
	case '&':
		return "&amp;"
	case '\'':
		return "&#39;"
	case '+':
		return "&#43;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	return ""
}

// plainHref is what a URL attribute's chain writes for a link made of
// letters, digits and "/._~-#?=:", with no scheme or an http, https or
// mailto one, or any scheme if it is a template.URL: the link as it is.
// Others are left to html/template.
func plainHref(s string, url bool) (string, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) && !strings.ContainsRune("/#?=:", rune(c)) {
			return "", false
		}
	}
	if scheme, _, ok := strings.Cut(s, ":"); ok && !url && !strings.Contains(scheme, "/") {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			return "", false
		}
	}
	return s, true
}

// plainFragment is what a URL fragment's chain writes for letters,
// digits and "._~-": the text as it is.
func plainFragment(s string, _ bool) (string, bool) {
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			return "", false
		}
	}
	return s, true
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// A safety says which chains write a value unchanged.
type safety int

const (
	unsafe   safety = iota
	safeText        // a template.HTML: unchanged in HTML text
	safeAll         // unchanged in HTML text, attributes and RCDATA
)

// callSafety is the safety of what the command cmd writes.
func callSafety(cmd *parse.CommandNode) safety {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return unsafe
	}
	switch id.Ident {
	case "date", "longDate", "counts", "len":
		return safeAll
	case "partialCached", "pull", "ref":
		return safeText
	case "plural":
		// plural n "one" "many" writes a number and one of its words.
		if len(cmd.Args) != 4 {
			return unsafe
		}
		for _, a := range cmd.Args[2:] {
			if s, ok := a.(*parse.StringNode); !ok || !isPlainText(s.Text) {
				return unsafe
			}
		}
		return safeAll
	}
	return unsafe
}

func isPlainText(s string) bool {
	out, _ := escapeText(s, false)
	return out == s
}

// safeVars returns the safety of each variable of a template that every
// declaration and assignment of sets in an action of its own from one
// call, as {{$d := date .EOL}}; every other variable is unsafe.
func safeVars(root *parse.ListNode) map[string]safety {
	vars := map[string]safety{}
	see := func(pipe *parse.PipeNode, action bool) {
		if pipe == nil {
			return
		}
		for _, v := range pipe.Decl {
			s := unsafe
			if action && len(pipe.Decl) == 1 && len(pipe.Cmds) == 1 {
				s = callSafety(pipe.Cmds[0])
			}
			if old, ok := vars[v.Ident[0]]; ok {
				s = min(s, old)
			}
			vars[v.Ident[0]] = s
		}
	}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			see(n.Pipe, true)
		case *parse.TemplateNode:
			see(n.Pipe, false)
		}
		if b := branchOf(n); b != nil {
			see(b.Pipe, false)
			walk(b.List)
			walk(b.ElseList)
		}
	}
	walk(root)
	return vars
}

// rewrite makes the escaped action pipe cheaper, as escape.go's doc says.
func (f *folder) rewrite(pipe *parse.PipeNode, vars map[string]safety) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) < 2 {
		return
	}
	for _, c := range f.chains {
		at := len(pipe.Cmds) - len(c.escapers)
		if at < 1 || !chainAt(pipe, at, c.escapers) {
			continue
		}
		first := pipe.Cmds[0]
		if at == 1 && unchanged(first, c, vars) {
			pipe.Cmds = pipe.Cmds[:1]
			if name := f.partialArity(first); name != "" {
				first.Args[0] = parse.NewIdentifier(name).SetPos(first.Args[0].Position())
			}
			return
		}
		if at == 1 && len(first.Args) == 2 {
			if id, ok := first.Args[0].(*parse.IdentifierNode); ok && f.consts[id.Ident] != nil {
				first.Args[0] = parse.NewIdentifier(c.name + "_" + id.Ident).SetPos(id.Pos)
				pipe.Cmds = pipe.Cmds[:1]
				return
			}
		}
		esc := pipe.Cmds[at]
		pipe.Cmds = append(pipe.Cmds[:at], &parse.CommandNode{NodeType: parse.NodeCommand, Pos: esc.Pos,
			Args: []parse.Node{parse.NewIdentifier(c.name).SetPos(esc.Pos)}})
		return
	}
}

// unchanged reports whether chain c writes what cmd writes unchanged;
// vars are the safety of the variables of cmd's template.
func unchanged(cmd *parse.CommandNode, c escChain, vars map[string]safety) bool {
	s := callSafety(cmd)
	if v, ok := cmd.Args[0].(*parse.VariableNode); ok && len(cmd.Args) == 1 && len(v.Ident) == 1 {
		s = vars[v.Ident[0]]
	}
	switch s {
	case safeAll:
		return c.name == "_sitegen_html" || c.name == "_sitegen_attr" || c.name == "_sitegen_rcdata"
	case safeText:
		return c.text
	}
	return false
}

// partialArity returns the function that calls partialCached with the
// arguments of cmd without a slice (Templates sets them), or "" if cmd
// calls something else or passes more than one key.
func (f *folder) partialArity(cmd *parse.CommandNode) string {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || id.Ident != "partialCached" {
		return ""
	}
	name := ""
	switch len(cmd.Args) {
	case 3:
		name = "_sitegen_partialCached0"
	case 4:
		name = "_sitegen_partialCached1"
	}
	if f.funcs[name] == nil {
		return ""
	}
	return name
}
