package content

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaKinds are the fields of each kind of file, as JSONSchemas names them.
func schemaKinds() map[string][]field {
	return map[string][]field{
		"home":     homeFields(new(Home)),
		"category": categoryFields(new(Category)),
		"image":    imageFields(new(Image)),
		"page":     pageFields(new(Page)),
	}
}

// TestSchemaDescribesEveryKey: a key the decoder takes and the schema's
// descriptions cannot differ; adding a key to one alone fails here.
func TestSchemaDescribesEveryKey(t *testing.T) {
	docs := keyDocs()
	var paths []string
	for kind, fields := range schemaKinds() {
		paths = append(paths, schemaPaths(kind, fields)...)
	}
	for _, p := range paths {
		if strings.TrimSpace(docs[p]) == "" {
			t.Errorf("key %s has no description in keyDocs", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(docs)) {
		if !slices.Contains(paths, p) {
			t.Errorf("keyDocs describes %s, which no decoder takes", p)
		}
	}
}

// TestSchemaFiles: every kind has its file, each a 2020-12 schema of an
// object with the decoder's keys and no others, the same on every call.
func TestSchemaFiles(t *testing.T) {
	files := JSONSchemas()
	if !slices.Equal(slices.Collect(func(yield func(string) bool) {
		for _, f := range files {
			yield(f.Name)
		}
	}), []string{"home.schema.json", "category.schema.json", "image.schema.json", "page.schema.json"}) {
		t.Fatalf("schema files: %v", files)
	}
	for i, f := range JSONSchemas() {
		if !bytes.Equal(f.Data, files[i].Data) {
			t.Errorf("%s differs between two calls", f.Name)
		}
		var s struct {
			Schema               string         `json:"$schema"`
			Properties           map[string]any `json:"properties"`
			AdditionalProperties *bool          `json:"additionalProperties"`
		}
		if err := json.Unmarshal(f.Data, &s); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		kind := strings.TrimSuffix(f.Name, ".schema.json")
		want := fieldKeys(schemaKinds()[kind])
		if s.Schema != "https://json-schema.org/draft/2020-12/schema" || s.AdditionalProperties == nil || *s.AdditionalProperties ||
			!slices.Equal(slices.Sorted(maps.Keys(s.Properties)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%s: $schema %q, additionalProperties %v, keys %v; want 2020-12, false, %v",
				f.Name, s.Schema, s.AdditionalProperties, slices.Sorted(maps.Keys(s.Properties)), want)
		}
	}
}

// compiledSchemas compiles the schemas with a real validator, by kind.
func compiledSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	out := map[string]*jsonschema.Schema{}
	for _, f := range JSONSchemas() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(f.Name, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(f.Name)
		if err != nil {
			t.Fatalf("%s does not compile: %v", f.Name, err)
		}
		out[strings.TrimSuffix(f.Name, ".schema.json")] = s
	}
	return out
}

// instance is the front matter of src as an editor's YAML reader hands it
// to a schema validator: mappings, lists, texts, numbers, booleans and
// nulls, a date being its text.
func instance(t *testing.T, src []byte) any {
	t.Helper()
	format, fm, _, _, err := splitFrontMatter(normalize(src))
	if err != nil {
		t.Fatal(err)
	}
	root, lerr := parseFrontMatter(format, fm, 2, new(fastParser))
	if lerr != nil {
		t.Fatal(lerr.msg)
	}
	return nodeValue(root)
}

func nodeValue(n *node) any {
	switch n.kind {
	case mapNode:
		m := map[string]any{}
		for i, k := range n.keys {
			m[k.value] = nodeValue(n.vals[i])
		}
		return m
	case listNode:
		l := []any{}
		for _, item := range n.items {
			l = append(l, nodeValue(item))
		}
		return l
	}
	switch n.tag {
	case "null":
		return nil
	case "bool":
		return strings.EqualFold(n.value, "true")
	case "int", "float":
		if _, err := json.Number(n.value).Float64(); err == nil {
			return json.Number(n.value)
		}
	}
	return n.value
}

func schemaKind(k Kind) string {
	return [...]string{HomeKind: "home", CategoryKind: "category", ImageKind: "image", PageKind: "page"}[k]
}

// TestSchemaTakesBundledContent: the front matter of every file of the
// bundled site, which builds, passes the schema of its kind.
func TestSchemaTakesBundledContent(t *testing.T) {
	schemas := compiledSchemas(t)
	site := os.DirFS("../..")
	n := 0
	err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		doc, err := Parse(p, src)
		if err != nil {
			t.Errorf("the parser refuses a bundled file: %v", err)
			return nil
		}
		if err := schemas[schemaKind(doc.Kind)].Validate(instance(t, src)); err != nil {
			t.Errorf("%s: the %s schema refuses it: %v", p, schemaKind(doc.Kind), err)
		}
		n++
		return nil
	})
	if err != nil || n < 50 {
		t.Fatalf("read %d bundled files: %v", n, err)
	}
}

// schemaCases are front matter the parser takes (ok) or refuses, with
// the schema's verdict that must agree.
var schemaCases = []struct {
	path, fm string
	ok       bool
}{
	// Taken: the forms the decoder is lenient about.
	{"content/images/a.md", "summary: s\ncategories: [base]", true},
	{"content/images/a.md", "summary: s\ncategories: [base]\ntitle:\nuser:\nshell:\nversions:\nlastmod:", true},
	{"content/images/a.md", "summary: s\ncategories: [base]\ntitle: 2024\nuser: 65532\nshell: \"false\"\nfeatured: true", true},
	{"content/images/a.md", "summary: s\ncategories: [base]\nuser: nonroot\nversions: [{version: \"1.2\", eol: 2027-01-31}, {version: 3, eol: \"2027-02-28T10:00:00Z\"}]", true},
	{"content/images/a.md", "summary: s\ncategories: [base]\nupstream: https://go.dev/\nrelated: [go-fips, a.b_c]\nfips: a-fips\nlastmod: 2026-01-02 10:11:12", true},
	{"content/categories/c.md", "title: T\nsummary: s\nweight: \"10\"\nmigration: {effort: medium, steps: [a]}\nresponsibility: {vendor: [a], customer: []}", true},
	{"content/categories/c.md", "title: T\nsummary: s\nweight: -3\nmigration:\nresponsibility:", true},
	{"content/_index.md", "title: T\npageSize: 1\nrawHTML: \"true\"\nbaseURL: https://example.org/docs/", true},
	{"content/guides/a.md", "title: T\nweight: 2\ndraft: false\naliases: [/old/]", true},
	// Refused: wrong types.
	{"content/images/a.md", "summary: [s]\ncategories: [base]", false},
	{"content/images/a.md", "summary: s\ncategories: base", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\ntags: [{a: b}]", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nshell: yes", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nuser: true", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: {version: \"1\"}", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: [\"1.2\"]", false},
	{"content/categories/c.md", "title: T\nsummary: s\nweight: 1.5", false},
	{"content/categories/c.md", "title: T\nsummary: s\nweight: ten", false},
	{"content/_index.md", "title: T\npageSize: 0", false},
	{"content/_index.md", "title: T\nrawHTML: 1", false},
	// Refused: unknown keys, at every depth.
	{"content/images/a.md", "summary: s\ncategories: [base]\nsumary: s", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: [{version: \"1\", eol: 2027-01-01, lts: true}]", false},
	{"content/categories/c.md", "title: T\nsummary: s\nmigration: {effort: low, time: 2d}", false},
	{"content/_index.md", "title: T\ntheme: dark", false},
	{"content/guides/a.md", "title: T\ncategories: [base]", false},
	// Refused: missing or empty required keys.
	{"content/images/a.md", "summary: s", false},
	{"content/images/a.md", "summary: s\ncategories: []", false},
	{"content/images/a.md", "summary: \"  \"\ncategories: [base]", false},
	{"content/images/a.md", "summary:\ncategories: [base]", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: [{eol: 2027-01-01}]", false},
	{"content/categories/c.md", "summary: s", false},
	{"content/_index.md", "description: d", false},
	// Refused: bad dates.
	{"content/images/a.md", "summary: s\ncategories: [base]\nlastmod: 2026-13-01", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nlastmod: 31/01/2026", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: [{version: \"1\", eol: next year}]", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nversions: [{version: \"1\", eol: 2027-01-01T10:00}]", false},
	// Refused: bad effort.
	{"content/categories/c.md", "title: T\nsummary: s\nmigration: {effort: huge}", false},
	{"content/categories/c.md", "title: T\nsummary: s\nmigration: {effort: Low}", false},
	{"content/categories/c.md", "title: T\nsummary: s\nmigration: {effort: [low]}", false},
	// Refused (by the build, as the names cannot exist): bad names and URLs.
	{"content/images/a.md", "summary: s\ncategories: [Base]", false},
	{"content/images/a.md", "summary: s\ncategories: [base, my_cat]", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nrelated: [-go]", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nfips: Go-FIPS", false},
	{"content/images/a.md", "summary: s\ncategories: [base]\nupstream: go.dev", false},
}

// TestSchemaAgreesWithParser: what the parser refuses the schema refuses,
// and what it takes the schema takes. A name is refused by the build
// (it names no category or image, as no file can have it) rather than by
// the parser.
func TestSchemaAgreesWithParser(t *testing.T) {
	schemas := compiledSchemas(t)
	categories := map[string]bool{"base": true}
	images := map[string]bool{"a": true, "go-fips": true, "a.b_c": true, "a-fips": true}
	for _, c := range schemaCases {
		src := []byte("---\n" + c.fm + "\n---\nbody\n")
		doc, err := Parse(c.path, src)
		parsed := err == nil
		if parsed && doc.Image != nil {
			for _, s := range doc.Image.Categories.Values {
				parsed = parsed && categories[s]
			}
			for _, s := range append(doc.Image.Related.Values, doc.Image.FIPS) {
				parsed = parsed && (s == "" || images[s])
			}
		}
		if parsed != c.ok {
			t.Errorf("%s %q: parser (and catalog) took it: %v, want %v (%v)", c.path, c.fm, parsed, c.ok, err)
			continue
		}
		k, _, _, _ := classify(c.path, &Errors{})
		kind := schemaKind(k)
		err = schemas[kind].Validate(instance(t, src))
		if (err == nil) != c.ok {
			t.Errorf("%s %q: the %s schema took it: %v, want %v (%v)", c.path, c.fm, kind, err == nil, c.ok, err)
		}
	}
}

// TestDatePattern: the schema's date pattern takes the texts parseDate
// takes, and refuses the others.
func TestDatePattern(t *testing.T) {
	re := regexp.MustCompile(datePattern)
	for _, s := range []string{
		"2026-01-31", "2026-12-01", "2026-01-31T10:11:12Z", "2026-01-31T10:11:12+02:00", "2026-01-31T10:11:12.5Z",
		"2026-01-31T10:11:12", "2026-01-31 10:11:12", "2026-00-01", "2026-13-01", "2026-01-32", "2026-1-31",
		"31/01/2026", "2026-01-31T10:11", "2026-01-31 10:11:12Z", "2026-01-31T10:11:12+0200", "tomorrow", "",
		"2026-01-31T10:11:12.25", "2026-01-31 10:11:12.25", "2026-01-31T25:11:12", "2026-01-31 10:11:12 +02:00",
	} {
		_, parsed := parseDate(&node{kind: scalarNode, tag: "str", value: s})
		if re.MatchString(s) != parsed {
			t.Errorf("%q: pattern matches %v, parseDate takes it %v", s, re.MatchString(s), parsed)
		}
	}
}
