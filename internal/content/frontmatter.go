package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// A node is one value of front matter, YAML or TOML alike, with the line it
// starts on, so that every later check can point at it.
type node struct {
	line  int
	kind  nodeKind
	tag   string  // scalars: "str", "int", "float", "bool", "date", "null"
	value string  // scalars: the text
	items []*node // lists
	keys  []*node // mappings: scalar keys, in order
	vals  []*node // mappings: values, parallel to keys
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	listNode
	mapNode
)

func (n *node) describe() string {
	switch n.kind {
	case listNode:
		return "a list"
	case mapNode:
		return "a mapping"
	}
	switch n.tag {
	case "null":
		return "empty"
	case "str":
		return fmt.Sprintf("the text %q", n.value)
	case "date":
		return "the date " + n.value
	}
	return fmt.Sprintf("the %s %s", kindName(n.tag), n.value)
}

func kindName(tag string) string {
	switch tag {
	case "int":
		return "number"
	case "float":
		return "number"
	case "bool":
		return "boolean"
	}
	return tag
}

// splitFrontMatter cuts src into front matter and body. src has already lost
// any byte-order mark and uses "\n" line endings. format is "yaml", "toml" or
// "" when the file has no front matter. bodyLine is the line of the file the
// body starts on, so Markdown positions map back to the source.
func splitFrontMatter(src []byte) (format string, fm []byte, body []byte, bodyLine int, err error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	var delim string
	switch strings.TrimRight(string(first), " \t") {
	case "---":
		format, delim = "yaml", "---"
	case "+++":
		format, delim = "toml", "+++"
	default:
		return "", nil, src, 1, nil
	}
	line := 2
	offset := 0
	for offset <= len(rest) {
		end := bytes.IndexByte(rest[offset:], '\n')
		var l []byte
		if end < 0 {
			l = rest[offset:]
		} else {
			l = rest[offset : offset+end]
		}
		if strings.TrimRight(string(l), " \t") == delim {
			fm = rest[:offset]
			if end < 0 {
				return format, fm, nil, line + 1, nil
			}
			return format, fm, rest[offset+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		offset += end + 1
		line++
	}
	return format, nil, nil, 0, fmt.Errorf("front matter opened with %q on line 1 is never closed: add a line %q after the last key", delim, delim)
}

// parseFrontMatter turns front matter text into a node tree. line0 is the
// file line of the first front matter line.
func parseFrontMatter(format string, fm []byte, line0 int) (*node, *lineError) {
	switch format {
	case "yaml":
		return parseYAML(fm, line0)
	case "toml":
		return parseTOML(fm, line0)
	}
	return &node{kind: mapNode, line: line0}, nil
}

// A lineError is a problem at a line of the file being read.
type lineError struct {
	line int
	msg  string
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(fm []byte, line0 int) (*node, *lineError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		msg := err.Error()
		line := line0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = line0 + n - 1
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, &lineError{line, "front matter is not valid YAML: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &node{kind: mapNode, line: line0}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &lineError{line0 + root.Line - 1, "front matter must be a mapping of keys to values, like \"title: My page\""}
	}
	n, err := fromYAML(root, line0, 0)
	return n, err
}

const maxDepth = 32

func fromYAML(y *yaml.Node, line0, depth int) (*node, *lineError) {
	line := line0 + y.Line - 1
	if depth > maxDepth {
		return nil, &lineError{line, "front matter is nested too deeply"}
	}
	switch y.Kind {
	case yaml.AliasNode:
		return nil, &lineError{line, "YAML aliases (*name) are not supported in front matter; write the value out"}
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{line: line, tag: "null"}, nil
		}
		return fromYAML(y.Content[0], line0, depth+1)
	case yaml.SequenceNode:
		n := &node{line: line, kind: listNode}
		for _, c := range y.Content {
			item, err := fromYAML(c, line0, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
		return n, nil
	case yaml.MappingNode:
		n := &node{line: line, kind: mapNode}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &lineError{line0 + k.Line - 1, "keys must be plain words"}
			}
			if k.Value == "<<" {
				return nil, &lineError{line0 + k.Line - 1, "YAML merge keys (<<) are not supported in front matter; write the keys out"}
			}
			val, err := fromYAML(v, line0, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, &node{line: line0 + k.Line - 1, tag: "str", value: k.Value})
			n.vals = append(n.vals, val)
		}
		return n, nil
	}
	tag := strings.TrimPrefix(y.ShortTag(), "!!")
	switch tag {
	case "timestamp":
		tag = "date"
	case "str", "int", "float", "bool", "null":
	default:
		tag = "str"
	}
	return &node{line: line, tag: tag, value: y.Value}, nil
}

func parseTOML(fm []byte, line0 int) (*node, *lineError) {
	var m map[string]any
	if _, err := toml.Decode(string(fm), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &lineError{line0 + pe.Position.Line - 1, "front matter is not valid TOML: " + pe.Message}
		}
		return nil, &lineError{line0, "front matter is not valid TOML: " + err.Error()}
	}
	lines := strings.Split(string(fm), "\n")
	return fromTOML(m, lines, line0, "", line0), nil
}

// fromTOML converts a decoded TOML value. TOML's decoder keeps no positions,
// so a key's line is found by looking for "key =" or "[table.key]".
func fromTOML(v any, lines []string, line0 int, key string, line int) *node {
	switch v := v.(type) {
	case map[string]any:
		n := &node{line: line, kind: mapNode}
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		kline := func(k string) int { return tomlKeyLine(lines, line0, k, line) }
		sort.Slice(names, func(i, j int) bool { return kline(names[i]) < kline(names[j]) })
		for _, k := range names {
			l := kline(k)
			n.keys = append(n.keys, &node{line: l, tag: "str", value: k})
			n.vals = append(n.vals, fromTOML(v[k], lines, line0, k, l))
		}
		return n
	case []map[string]any:
		n := &node{line: line, kind: listNode}
		for _, item := range v {
			n.items = append(n.items, fromTOML(item, lines, line0, key, line))
		}
		return n
	case []any:
		n := &node{line: line, kind: listNode}
		for _, item := range v {
			n.items = append(n.items, fromTOML(item, lines, line0, key, line))
		}
		return n
	case string:
		return &node{line: line, tag: "str", value: v}
	case int64:
		return &node{line: line, tag: "int", value: strconv.FormatInt(v, 10)}
	case float64:
		return &node{line: line, tag: "float", value: strconv.FormatFloat(v, 'g', -1, 64)}
	case bool:
		return &node{line: line, tag: "bool", value: strconv.FormatBool(v)}
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 {
			return &node{line: line, tag: "date", value: v.Format("2006-01-02")}
		}
		return &node{line: line, tag: "date", value: v.Format("2006-01-02T15:04:05")}
	}
	return &node{line: line, tag: "str", value: fmt.Sprint(v)}
}

func tomlKeyLine(lines []string, line0 int, key string, fallback int) int {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			name := strings.Trim(t, "[] ")
			if name == key || strings.HasSuffix(name, "."+key) {
				return line0 + i
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return line0 + i
		}
	}
	return fallback
}
