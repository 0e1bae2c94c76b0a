package content

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A field is one front matter key a kind of file accepts.
type field struct {
	key      string
	required bool
	want     string // what a right value looks like, for messages
	decode   func(d *decoder, n *node)
	shape    shape // what decode takes, for the JSON Schema (schema.go)
}

// A shape says what values a field takes, in the terms of JSON Schema:
// JSONSchemas derives the schema of each kind of file from the same fields
// the decoder uses, so the two cannot drift apart.
type shape struct {
	kind    shapeKind
	lowest  int      // intShape: the smallest number taken
	pattern string   // textShape, listShape: the form a text (or each item) must have
	values  []string // enumShape
	fields  []field  // mapShape, and listShape when the items are mappings
}

type shapeKind int

const (
	textShape shapeKind = iota // any scalar but empty, taken as text
	listShape                  // a list of texts, or of mappings with fields
	intShape                   // a whole number, quoted or not
	boolShape                  // true or false, quoted or not
	dateShape                  // a date, YYYY-MM-DD with an optional time
	enumShape                  // one of values
	userShape                  // a number or a name
	mapShape                   // a mapping with fields
)

// matching returns f with a pattern its text, or each item of its list,
// must match: a check the decoder (or the catalog) makes elsewhere, told
// here so that the schema makes it too.
func (f field) matching(pattern string) field {
	f.shape.pattern = pattern
	return f
}

// decoder decodes the front matter of one file, collecting every problem.
type decoder struct {
	path   string
	errs   *Errors
	images *imageTable
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs.Addf(d.path, line, format, args...)
}

// fields decodes root against the accepted keys: unknown keys, missing
// required keys and values of the wrong type are all reported.
func (d *decoder) fields(root *node, fields []field, what string) {
	var seenAt [maxFields]bool // on the stack: a file is decoded in a few microseconds
	seen := seenAt[:]
	if len(fields) > maxFields {
		seen = make([]bool, len(fields))
	}
	for i, k := range root.keys {
		j := findField(fields, k.value)
		if j < 0 {
			keys := fieldKeys(fields)
			e := Errorf(d.path, k.line, "unknown key %q in %s", k.value, what)
			if e.Suggestion = Nearest(k.value, keys); e.Suggestion == "" {
				e.Hint = "; known keys: " + strings.Join(keys, ", ")
			}
			d.errs.Add(e)
			continue
		}
		f := &fields[j]
		if seen[j] {
			d.errorf(k.line, "key %q is given twice; keep one", f.key)
			continue
		}
		seen[j] = true
		v := root.vals[i]
		if v.kind == scalarNode && v.tag == "null" {
			if f.required {
				d.errorf(k.line, "%q is empty; it needs %s", f.key, f.want)
			}
			continue
		}
		f.decode(d, v)
	}
	for j, f := range fields {
		if f.required && !seen[j] {
			d.errorf(root.line, "missing required key %q: %s needs %s", f.key, what, f.want)
		}
	}
}

// maxFields is the most keys of a kind of file or a nested mapping that
// fields marks as seen without allocating (an image has 22).
const maxFields = 32

// findField returns the index of the field of key, or -1.
func findField(fields []field, key string) int {
	for i := range fields {
		if fields[i].key == key {
			return i
		}
	}
	return -1
}

func (d *decoder) wrongType(n *node, key, want string) {
	d.errorf(n.line, "%q must be %s, not %s", key, want, n.describe())
}

func strField(key string, required bool, dst *string) field {
	return field{key, required, "a text value", func(d *decoder, n *node) {
		if n.kind != scalarNode {
			d.wrongType(n, key, "a text value")
			return
		}
		*dst = n.value
		if required && strings.TrimSpace(n.value) == "" {
			d.errorf(n.line, "%q is empty; it needs a text value", key)
		}
	}, shape{kind: textShape}}
}

func listField(key string, required bool, dst *[]string) field {
	want := "a list of text values, like [a, b]"
	return field{key, required, want, func(d *decoder, n *node) {
		if n.kind != listNode {
			d.wrongType(n, key, want)
			return
		}
		for _, item := range n.items {
			if item.kind == mapNode {
				d.errorf(item.line, "every item of %q must be a text value, not a mapping: in YAML a \": \" inside plain text starts a key, so put the text in quotes", key)
				continue
			}
			if item.kind != scalarNode || item.tag == "null" {
				d.errorf(item.line, "every item of %q must be a text value, not %s", key, item.describe())
				continue
			}
			*dst = append(grown(*dst, len(n.items)), item.value)
		}
		if required && len(*dst) == 0 {
			d.errorf(n.line, "%q is empty; it needs at least one item", key)
		}
	}, shape{kind: listShape}}
}

// grown returns list, or, when it is nil, an empty list with room for n
// items: a list decoded takes one allocation, and stays nil when no item
// is taken.
func grown[T any](list []T, n int) []T {
	if list == nil {
		return make([]T, 0, n)
	}
	return list
}

// Strings is a list of values with the line of each, for checks that point
// at one item (an unknown category, a missing related image).
type Strings struct {
	Values []string
	Lines  []int
}

// linedListField decodes a list of names (or, for aliases, site paths);
// item says what one is ("an image name"), want what the list is.
func linedListField(key string, required bool, item, want string, dst *Strings) field {
	return field{key, required, want, func(d *decoder, n *node) {
		if n.kind != listNode {
			d.wrongType(n, key, want)
			return
		}
		for _, it := range n.items {
			if it.kind != scalarNode || it.tag == "null" {
				d.errorf(it.line, "every item of %q must be %s, not %s", key, item, it.describe())
				continue
			}
			dst.Values = append(grown(dst.Values, len(n.items)), it.value)
			dst.Lines = append(grown(dst.Lines, len(n.items)), it.line)
		}
		if required && len(dst.Values) == 0 {
			d.errorf(n.line, "%q is empty; it needs at least one item", key)
		}
	}, shape{kind: listShape}}
}

func intField(key string, dst *int) field {
	return minIntField(key, "a whole number, like 10", math.MinInt, dst)
}

// positiveIntField takes a whole number of at least 1.
func positiveIntField(key string, dst *int) field {
	return minIntField(key, "a whole number of at least 1, like 100", 1, dst)
}

// minIntField takes a whole number of at least lowest; want says so.
func minIntField(key, want string, lowest int, dst *int) field {
	return field{key, false, want, func(d *decoder, n *node) {
		if n.kind != scalarNode || (n.tag != "int" && n.tag != "str") {
			d.wrongType(n, key, want)
			return
		}
		v, err := strconv.Atoi(n.value)
		if err != nil || v < lowest {
			d.wrongType(n, key, want)
			return
		}
		*dst = v
	}, shape{kind: intShape, lowest: lowest}}
}

func boolField(key string, dst *bool) field {
	want := "true or false"
	return field{key, false, want, func(d *decoder, n *node) {
		// A quoted "true" or "false" is taken, as a quoted number is.
		quoted := n.tag == "str" && (n.value == "true" || n.value == "false")
		if n.kind != scalarNode || (n.tag != "bool" && !quoted) {
			d.wrongType(n, key, want)
			return
		}
		*dst = n.value == "true" || n.value == "True" || n.value == "TRUE"
	}, shape{kind: boolShape}}
}

func optBoolField(key string, dst **bool) field {
	var v bool
	f := boolField(key, &v)
	inner := f.decode
	f.decode = func(d *decoder, n *node) {
		before := d.errs.Len()
		inner(d, n)
		if d.errs.Len() == before {
			b := v // the field decodes file after file (imageTable)
			*dst = &b
		}
	}
	return f
}

// Date is a calendar day with the line it was given on.
type Date struct {
	time.Time
	Line int
}

func parseDate(n *node) (time.Time, bool) {
	if n.kind != scalarNode || (n.tag != "date" && n.tag != "str") {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, strings.TrimSpace(n.value)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func dateField(key string, dst *Date) field {
	want := "a date written YYYY-MM-DD, like 2026-01-31"
	return field{key, false, want, func(d *decoder, n *node) {
		t, ok := parseDate(n)
		if !ok {
			d.wrongType(n, key, want)
			return
		}
		*dst = Date{t, n.line}
	}, shape{kind: dateShape}}
}

// mapField decodes a nested mapping with its own keys.
func mapField(key string, what string, fields []field) field {
	want := "a mapping with the keys " + strings.Join(fieldKeys(fields), ", ")
	return field{key, false, want, func(d *decoder, n *node) {
		if n.kind != mapNode {
			d.wrongType(n, key, want)
			return
		}
		d.fields(n, fields, what)
	}, shape{kind: mapShape, fields: fields}}
}

func fieldKeys(fields []field) []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

func enumField(key string, values []string, dst *string, line *int) field {
	want := "one of " + strings.Join(values, ", ")
	return field{key, false, want, func(d *decoder, n *node) {
		if n.kind != scalarNode || !slices.Contains(values, n.value) {
			if n.kind == scalarNode && slices.Contains(values, strings.ToLower(n.value)) {
				d.errorf(n.line, "%q must be %s, not %s; write it in lower case: %q", key, want, n.describe(), strings.ToLower(n.value))
				return
			}
			d.wrongType(n, key, want)
			return
		}
		*dst = n.value
		*line = n.line
	}, shape{kind: enumShape, values: values}}
}

// userField takes a number or a name.
func userField(key string, dst *string) field {
	want := "a user ID like 65532 or a name like nonroot"
	return field{key, false, want, func(d *decoder, n *node) {
		if n.kind != scalarNode || (n.tag != "int" && n.tag != "str") || strings.TrimSpace(n.value) == "" {
			d.wrongType(n, key, want)
			return
		}
		*dst = n.value
	}, shape{kind: userShape}}
}
