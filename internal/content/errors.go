package content

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// An Error is a problem at one place in one source file. Its text is
// "path:line: message", the form editors and CI logs turn into links; the
// message is Msg, then, when there is a Suggestion, "; did you mean
// "suggestion"?", then Hint. Tools read the parts apart.
type Error struct {
	Path   string // slash-separated, relative to the site root
	Line   int    // 1-based; 0 when the problem is the file as a whole
	Column int    // 1-based, in bytes; 0 when not known
	Msg    string // what is wrong
	// Suggestion is what was most likely meant, as it would be written
	// (a key, a category, a site path, "#id"); "" when nothing is close.
	Suggestion string
	Hint       string // what else may be done, e.g. " (or add content/images/x.md)"
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Message())
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Message())
}

// Message is the whole message: Msg, the suggestion and the hint.
func (e *Error) Message() string {
	if e.Suggestion == "" {
		return e.Msg + e.Hint
	}
	return e.Msg + "; did you mean " + strconv.Quote(e.Suggestion) + "?" + e.Hint
}

// Detail is the message without the suggestion: Msg and the hint.
func (e *Error) Detail() string { return e.Msg + e.Hint }

// Errorf returns an *Error at path:line.
func Errorf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Errors collects the problems of one build. The zero value is ready to use.
type Errors struct {
	list []*Error
}

// Add records e. A nil e is ignored.
func (l *Errors) Add(e *Error) {
	if e != nil {
		l.list = append(l.list, e)
	}
}

// Addf records a new Error at path:line.
func (l *Errors) Addf(path string, line int, format string, args ...any) {
	l.Add(Errorf(path, line, format, args...))
}

// Merge records every *Error inside err (joined or not). Errors of other
// types are recorded against path.
func (l *Errors) Merge(path string, err error) {
	if err == nil {
		return
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			l.Merge(path, e)
		}
		return
	}
	var e *Error
	if errors.As(err, &e) {
		l.Add(e)
		return
	}
	l.Addf(path, 0, "%v", err)
}

// AddAll records every problem o recorded, in its order.
func (l *Errors) AddAll(o *Errors) { l.list = append(l.list, o.list...) }

// Len reports how many problems were recorded.
func (l *Errors) Len() int { return len(l.list) }

// Err returns the recorded problems sorted by path and line and joined with
// errors.Join, or nil when there are none.
func (l *Errors) Err() error {
	if len(l.list) == 0 {
		return nil
	}
	list := slices.Clone(l.list)
	slices.SortStableFunc(list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
	})
	list = slices.CompactFunc(list, func(a, b *Error) bool { return *a == *b })
	errs := make([]error, len(list))
	for i, e := range list {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// List returns every *Error inside err, in order.
func List(err error) []*Error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*Error
		for _, e := range joined.Unwrap() {
			out = append(out, List(e)...)
		}
		return out
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return []*Error{{Msg: err.Error()}}
}

// Nearest returns the candidate word most likely stands for: one it starts
// (when it has three letters or more), or else the closest by edit
// distance, or "" when none is close enough to be a likely typo.
func Nearest(word string, candidates []string) string {
	// A word of three or more letters that starts a candidate is a
	// shortening of it ("app" for "application").
	if len(word) >= 3 {
		for _, c := range candidates {
			if len(c) > len(word) && lower(c[:len(word)]) == lower(word) {
				return c
			}
		}
	}
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(word, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	// A typo keeps most of a word: up to a third of it may change, at
	// least two letters, but never all of them ("ml" is not a typo of "ai").
	n := len([]rune(word))
	limit := min(max(2, n/3), n-1)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, case-insensitive.
func distance(a, b string) int {
	ra, rb := []rune(lower(a)), []rune(lower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
