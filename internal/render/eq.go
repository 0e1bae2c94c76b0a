package render

import (
	"errors"
	"reflect"
	"text/template/parse"
)

// The builtin eq is variadic and takes reflect.Values: each call costs
// text/template a slice and two results besides the call. A page set's
// {{eq X "word"}} and {{eq X 2}}, the comparisons themes write, call
// eqString and eqInt instead. Each compares what the builtin compares
// alike: a string (or a value of a string kind) with a string, an integer
// of any kind with an int, nil with anything (false). Anything else the
// builtin either compares otherwise or reports; they panic, and the page
// runs again as written (Templates.execute), so that the builtin decides.

var errEqOther = errors.New("eq: not a comparison eqString or eqInt makes")

func eqString(a any, s string) bool {
	switch a := a.(type) {
	case string:
		return a == s
	case nil:
		return false
	}
	if v := reflect.ValueOf(a); v.Kind() == reflect.String {
		return v.String() == s
	}
	panic(errEqOther)
}

func eqInt(a any, n int) bool {
	switch a := a.(type) {
	case int:
		return a == n
	case nil:
		return false
	}
	switch v := reflect.ValueOf(a); {
	case v.CanInt():
		return v.Int() == int64(n)
	case v.CanUint():
		return n >= 0 && v.Uint() == uint64(n)
	}
	panic(errEqOther)
}

// fastEq makes the comparisons of pipe, and of the pipelines in its
// arguments, call eqString or eqInt where they can.
func fastEq(pipe *parse.PipeNode) {
	if pipe == nil {
		return
	}
	for _, cmd := range pipe.Cmds {
		for _, a := range cmd.Args {
			if p, ok := a.(*parse.PipeNode); ok {
				fastEq(p)
			}
		}
		if len(cmd.Args) != 3 {
			continue
		}
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || id.Ident != "eq" {
			continue
		}
		switch lit := cmd.Args[2].(type) {
		case *parse.StringNode:
			cmd.Args[0] = parse.NewIdentifier("_sitegen_eqString").SetPos(id.Pos)
		case *parse.NumberNode:
			if lit.IsInt && isDecimal(lit.Text) {
				cmd.Args[0] = parse.NewIdentifier("_sitegen_eqInt").SetPos(id.Pos)
			}
		}
	}
}

// isDecimal reports whether s is an integer in decimal digits, with a
// minus sign or not: a number the builtin eq is given as an int.
func isDecimal(s string) bool {
	if len(s) > 1 && s[0] == '-' {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
