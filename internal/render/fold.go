package render

import (
	"errors"
	"html/template"
	"maps"
	"text/template/parse"
)

// Constant links, such as {{url "/"}} or {{asset "css/site.css"}}, write
// the same text on every page of a build, yet each costs a call of the
// function and of every escaper html/template adds after it (four calls
// for a link in an href), on every page. A page set folds them: once
// html/template has escaped the set, an action that calls url, absURL or
// asset with one quoted argument, followed only by escapers that leave
// such a link as it is, becomes the text it writes. Only links made of
// letters, digits and "/._~-" are folded: the escapers write those
// unchanged in any context they are listed for, so the page is byte for
// byte the same. Anything else (a link with a colon, an ampersand or a
// space, another escaper, an assignment) runs as written.

// identityEscapers are html/template's escapers that write a foldable
// link unchanged: HTML text, a quoted attribute, RCDATA, and a URL at the
// start of an attribute (filtered for its scheme, then normalized).
var identityEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
	"_html_template_urlfilter":     true,
	"_html_template_urlnormalizer": true,
}

// errPriming is what partialCached returns while a set is escaped, so
// that no partial is run, nor cached, with the nil data it is run with.
var errPriming = errors.New("not while escaping")

// foldConstants escapes set by running its template entry with no data
// into a writer that takes nothing (the run stops at the first text),
// then folds the constant links of every template the escaping reached
// and makes its escaped actions cheaper (see escape.go). It must be
// called before set is shared: it changes its trees and its functions,
// which are fm and the functions of the rewritten actions once it
// returns.
func foldConstants(set *template.Template, entry string, f *folder) *template.Template {
	priming := maps.Clone(f.funcs)
	priming["partialCached"] = func(string, any, ...any) (template.HTML, error) { return "", errPriming }
	set.Funcs(priming)
	_ = set.ExecuteTemplate(refuseWriter{}, entry, nil) // errors come again when it runs
	set.Funcs(f.funcs)
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			f.list(t.Tree.Root, safeVars(t.Tree.Root))
		}
	}
	return set
}

// refuseWriter takes no byte.
type refuseWriter struct{}

func (refuseWriter) Write([]byte) (int, error) { return 0, errPriming }

// A folder folds and rewrites the actions of the page sets of one
// Templates. It does not change once made: sets are folded concurrently.
type folder struct {
	consts map[string]func(string) string // url, absURL, asset
	chains []escChain                     // those html/template escapes with (probedChains)
	funcs  template.FuncMap               // fm, and those actions are rewritten to call
}

func newFolder(funcs Funcs, fm template.FuncMap, chains []escChain) *folder {
	f := &folder{
		consts: map[string]func(string) string{"url": funcs.URL, "absURL": funcs.AbsURL, "asset": funcs.Asset},
		chains: chains,
		funcs:  maps.Clone(fm),
	}
	f.funcs["_sitegen_eqString"], f.funcs["_sitegen_eqInt"] = eqString, eqInt
	for _, c := range chains {
		f.funcs[c.name] = c.fn
		for name, link := range f.consts {
			f.funcs[c.name+"_"+name] = func(p string) string { return c.fn(link(p)) }
		}
	}
	return f
}

// list folds the constant links of list and of the lists inside it, and
// rewrites its escaped actions; vars are the safety of the variables of
// its template.
func (f *folder) list(list *parse.ListNode, vars map[string]safety) {
	if list == nil {
		return
	}
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := constantLink(n.Pipe, f.consts); ok {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
			} else {
				f.rewrite(n.Pipe, vars)
				fastEq(n.Pipe)
			}
		case *parse.TemplateNode:
			fastEq(n.Pipe)
		case *parse.ListNode:
			f.list(n, vars)
		}
		if b := branchOf(n); b != nil {
			fastEq(b.Pipe)
			f.list(b.List, vars)
			f.list(b.ElseList, vars)
		}
	}
}

// constantLink returns what pipe writes when it is a foldable link: a
// call of a function of consts with one quoted argument, then one or
// more identityEscapers.
func constantLink(pipe *parse.PipeNode, consts map[string]func(string) string) (string, bool) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) < 2 {
		return "", false
	}
	call := pipe.Cmds[0].Args
	if len(call) != 2 {
		return "", false
	}
	fn, ok := call[0].(*parse.IdentifierNode)
	arg, isString := call[1].(*parse.StringNode)
	if !ok || !isString || consts[fn.Ident] == nil {
		return "", false
	}
	for _, c := range pipe.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		esc, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || !identityEscapers[esc.Ident] {
			return "", false
		}
	}
	link := consts[fn.Ident](arg.Text)
	return link, plainLink(link)
}

// plainLink reports whether s is not empty and made only of letters,
// digits and "/._~-".
func plainLink(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '_' || c == '~' || c == '-') {
			return false
		}
	}
	return s != ""
}

// branchOf returns the branches of an if, range or with, else nil.
func branchOf(n parse.Node) *parse.BranchNode {
	switch n := n.(type) {
	case *parse.IfNode:
		return &n.BranchNode
	case *parse.RangeNode:
		return &n.BranchNode
	case *parse.WithNode:
		return &n.BranchNode
	}
	return nil
}
