package content

import (
	"bytes"
	"encoding/json"
	"math"
)

// A SchemaFile is the JSON Schema of one kind of file's front matter.
type SchemaFile struct {
	Name string // e.g. "image.schema.json"
	Data []byte // the schema, indented JSON ending in a newline
}

// JSONSchemas returns a JSON Schema (2020-12) of the front matter of each
// kind of file: home.schema.json (content/_index.md),
// category.schema.json, image.schema.json and page.schema.json. They are
// derived from the fields the decoder uses, so that a key, a required key,
// a type, an enum or a pattern cannot be in one and not the other; the
// descriptions come from the content model.
//
// A schema accepts the values the decoder takes, as an editor's YAML
// reader sees them: an optional key may be left empty, a number or a true
// or false may be quoted, any scalar is taken as text, and a date is a
// text YYYY-MM-DD with an optional time. Unknown keys are refused. What
// only the whole catalog knows (that a category or image named exists, that
// an alias is free) is left to the build. The schemas use only keywords
// that mean the same in JSON Schema draft 7, which many editors implement.
// The output is the same on every run.
func JSONSchemas() []SchemaFile {
	kinds := []struct {
		kind, title, what string
		fields            []field
	}{
		{"home", "sitegen home page", "The front matter of content/_index.md: the site's settings.", homeFields(new(Home))},
		{"category", "sitegen category", "The front matter of content/categories/<slug>.md, one file per category.", categoryFields(new(Category))},
		{"image", "sitegen image", "The front matter of content/images/<name>.md, one file per image; <name> is the image's repository name.", imageFields(new(Image))},
		{"page", "sitegen page", "The front matter of a documentation page: any other content/<path>.md.", pageFields(new(Page))},
	}
	docs := keyDocs()
	var files []SchemaFile
	for _, k := range kinds {
		s := objectSchema(k.kind, k.fields, docs)
		s.Schema = "https://json-schema.org/draft/2020-12/schema"
		s.Title, s.Description = k.title, k.what
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			panic(err) // a jsonSchema always encodes
		}
		files = append(files, SchemaFile{k.kind + ".schema.json", b.Bytes()})
	}
	return files
}

// jsonSchema is the part of JSON Schema the front matter schemas use. Its
// properties are written in key order, so the output is stable.
type jsonSchema struct {
	Schema               string                 `json:"$schema,omitempty"`
	Title                string                 `json:"title,omitempty"`
	Description          string                 `json:"description,omitempty"`
	Type                 any                    `json:"type,omitempty"` // a name or a list of names
	Enum                 []any                  `json:"enum,omitempty"`
	Pattern              string                 `json:"pattern,omitempty"`
	Minimum              *int                   `json:"minimum,omitempty"`
	MinItems             int                    `json:"minItems,omitempty"`
	Items                *jsonSchema            `json:"items,omitempty"`
	Properties           map[string]*jsonSchema `json:"properties,omitempty"`
	Required             []string               `json:"required,omitempty"`
	AdditionalProperties *bool                  `json:"additionalProperties,omitempty"`
	AnyOf                []*jsonSchema          `json:"anyOf,omitempty"`
}

// Patterns of values, in the syntax of both Go's regexp and ECMA-262.
const (
	// datePattern is the form of the dates parseDate takes: a day, or a day
	// and a time with an optional fraction and zone.
	datePattern = `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T` + clock + `(Z|[+-][0-9]{2}:[0-9]{2})?| ` + clock + `)?$`
	clock       = `([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?`
	// wholePattern is a whole number written as text.
	wholePattern = `^[+-]?[0-9]+$`
	// nonBlank is a text with more than spaces.
	nonBlank = `\S`
)

// objectSchema is the schema of a mapping with fields; path names it in
// docs ("image", "image.versions").
func objectSchema(path string, fields []field, docs map[string]string) *jsonSchema {
	no := false
	s := &jsonSchema{Type: "object", Properties: map[string]*jsonSchema{}, AdditionalProperties: &no}
	for _, f := range fields {
		p := valueSchema(path+"."+f.key, f, docs)
		p.Description = docs[path+"."+f.key]
		s.Properties[f.key] = p
		if f.required {
			s.Required = append(s.Required, f.key)
		}
	}
	return s
}

// valueSchema is the schema of the values f takes.
func valueSchema(path string, f field, docs map[string]string) *jsonSchema {
	scalar := []string{"string", "number", "boolean"}
	var s *jsonSchema
	switch f.shape.kind {
	case textShape:
		s = &jsonSchema{Type: scalar, Pattern: f.shape.pattern}
		if f.required && s.Pattern == "" {
			s.Pattern = nonBlank
		}
	case listShape:
		s = &jsonSchema{Type: "array", Items: &jsonSchema{Type: scalar, Pattern: f.shape.pattern}}
		if f.shape.fields != nil {
			s.Items = objectSchema(path, f.shape.fields, docs)
		}
		if f.required {
			s.MinItems = 1
		}
	case intShape:
		n := &jsonSchema{Type: "integer"}
		if f.shape.lowest != math.MinInt {
			n.Minimum = &f.shape.lowest
		}
		s = &jsonSchema{AnyOf: []*jsonSchema{n, {Type: "string", Pattern: wholePattern}}}
	case boolShape:
		s = &jsonSchema{AnyOf: []*jsonSchema{{Type: "boolean"}, {Enum: []any{"true", "false"}}}}
	case dateShape:
		s = &jsonSchema{Type: "string", Pattern: datePattern}
	case enumShape:
		s = &jsonSchema{Enum: make([]any, len(f.shape.values))}
		for i, v := range f.shape.values {
			s.Enum[i] = v
		}
	case userShape:
		s = &jsonSchema{AnyOf: []*jsonSchema{{Type: "integer"}, {Type: "string", Pattern: nonBlank}}}
	case mapShape:
		s = objectSchema(path, f.shape.fields, docs)
	}
	if !f.required {
		nullable(s)
	}
	return s
}

// nullable lets s take an empty value too, as the decoder takes an
// optional key left empty.
func nullable(s *jsonSchema) {
	switch t := s.Type.(type) {
	case string:
		s.Type = []string{t, "null"}
	case []string:
		s.Type = append(t, "null")
	default:
		if s.Enum != nil {
			s.Enum = append(s.Enum, nil)
		} else {
			s.AnyOf = append(s.AnyOf, &jsonSchema{Type: "null"})
		}
	}
}

// keyDocs describes every key of every kind of file, by its path
// ("category.migration.effort"), in the words of the content model.
func keyDocs() map[string]string {
	return map[string]string{
		"home.title":                             "The site's name.",
		"home.description":                       "One line about the site, for meta tags and the home page.",
		"home.baseURL":                           "The absolute URL the site is published at, e.g. https://example.org/docs/. sitegen build --base-url overrides it.",
		"home.registry":                          "The registry prefix of the free images. Default: cgr.dev/chainguard.",
		"home.productionRegistry":                "The registry prefix of the images outside the free tier. Default: cgr.dev/ORGANIZATION.",
		"home.rawHTML":                           "true passes raw HTML in Markdown through to the pages; by default it is dropped.",
		"home.pageSize":                          "How many images each page of /images/ and of each category lists, at least 1. Default: 100.",
		"home.platforms":                         "The platforms of an image that names none, each os/arch or os/arch/variant, e.g. [linux/amd64, linux/arm64].",
		"home.signing":                           "How the images are signed (keyless cosign), for each registry tier; a tier without it gets no Verify section.",
		"home.signing.public":                    "How the images pulled from registry (the free tier) are signed: issuer and identity, or issuer and identityRegexp.",
		"home.signing.public.issuer":             "The OIDC issuer of the signing certificate, an https URL, e.g. https://token.actions.githubusercontent.com.",
		"home.signing.public.identity":           "The exact identity of the signing certificate (cosign --certificate-identity). Give this or identityRegexp.",
		"home.signing.public.identityRegexp":     "A regular expression of the signing certificate's identity (cosign --certificate-identity-regexp). Give this or identity.",
		"home.signing.production":                "How the images pulled from productionRegistry are signed: issuer and identity, or issuer and identityRegexp.",
		"home.signing.production.issuer":         "The OIDC issuer of the signing certificate, an https URL, e.g. https://issuer.enforce.dev.",
		"home.signing.production.identity":       "The exact identity of the signing certificate (cosign --certificate-identity). Give this or identityRegexp.",
		"home.signing.production.identityRegexp": "A regular expression of the signing certificate's identity (cosign --certificate-identity-regexp). Give this or identity.",
		"home.scanMaxAge":                        "How many days old a scanner report may be on the build day before the image page labels it stale, at least 1. Default: 30.",
		"home.attestations":                      "The predicate types of the attestations every image carries, as URIs, e.g. https://spdx.dev/Document (SPDX SBOM) and https://slsa.dev/provenance/v1.",

		"category.title":                   "The category's display name, e.g. FIPS.",
		"category.summary":                 "One line about the category.",
		"category.weight":                  "The category's place in menus and tables, lowest first; equal weights go by title.",
		"category.responsibility":          "Who looks after what in images of this category.",
		"category.responsibility.vendor":   "What the image's publisher takes care of.",
		"category.responsibility.customer": "What the user of the image takes care of.",
		"category.migration":               "What a move to images of this category takes.",
		"category.migration.effort":        "How much work a move to images of this category usually is: low, medium or high.",
		"category.migration.steps":         "The checklist for a move to images of this category.",

		"image.title":            "The image's display name. Default: its name (the file name).",
		"image.summary":          "One line about the image.",
		"image.categories":       "The slugs of the image's categories, at least one; each needs a file content/categories/<slug>.md.",
		"image.upstream":         "The home page of the upstream project, a URL starting with https:// or http://.",
		"image.tags":             "The tags the image is published with. Default: latest and latest-dev.",
		"image.versions":         "The image's version streams, each with its end-of-life date.",
		"image.versions.version": "The version stream, e.g. \"1.2\" (quote it, or YAML reads 1.20 as the number 1.2).",
		"image.versions.eol":     "The day the version stream reaches its end of life, YYYY-MM-DD.",
		"image.user":             "The user the image runs as: a number like 65532 or a name like nonroot.",
		"image.shell":            "Whether the runtime image has a shell.",
		"image.entrypoint":       "The image's default entrypoint.",
		"image.workdir":          "The image's default working directory.",
		"image.compatibility":    "Notes for people who move to this image: user IDs, volume paths, tools it lacks.",
		"image.replaces":         "The upstream images this one stands in for, e.g. nginx:latest; shown on the page and found by search.",
		"image.featured":         "true lists the image on the home page, before the others.",
		"image.related":          "Names of other images to link to; each must exist.",
		"image.fips":             "The name of this image's FIPS variant. Default: <name>-fips when that image exists.",
		"image.draft":            "true leaves the image out of the build unless drafts are asked for.",
		"image.lastmod":          "The day the page last changed, YYYY-MM-DD.",
		"image.date":             "The day the image was added to the catalog, YYYY-MM-DD: the Atom feeds list it from then, and its pages and lists mark it New that day and the 29 days after.",
		"image.aliases":          "Old site paths of the page, like /old/path/, that keep working as redirects.",
		"image.platforms":        "The platforms the image is published for, each os/arch or os/arch/variant, e.g. [linux/amd64]. Default: the site's platforms.",
		"image.scan":             "Vulnerability scanner reports (Grype or Trivy JSON) of the image and of the upstream image it replaces.",
		"image.scan.report":      "The path, relative to content/, of a Grype (grype IMAGE -o json) or Trivy (trivy image -f json IMAGE) JSON report of this image, e.g. reports/web.grype.json. Not published.",
		"image.scan.upstream":    "The path, relative to content/, of the same kind of report of the upstream image this one replaces. Not published.",
		"image.size":             "The compressed size of the image: a number and a unit (kB, MB, GB, KiB, MiB, GiB), e.g. 12.4 MB.",

		"page.title":   "The page's title.",
		"page.summary": "One line about the page.",
		"page.weight":  "The page's place in the navigation, lowest first.",
		"page.draft":   "true leaves the page out of the build unless drafts are asked for.",
		"page.lastmod": "The day the page last changed, YYYY-MM-DD.",
		"page.aliases": "Old site paths of the page, like /old/path/, that keep working as redirects.",
	}
}

// schemaPaths lists the key paths of fields, path first, as keyDocs names
// them; a test holds the two to each other.
func schemaPaths(path string, fields []field) []string {
	var paths []string
	for _, f := range fields {
		p := path + "." + f.key
		paths = append(paths, p)
		if f.shape.fields != nil {
			paths = append(paths, schemaPaths(p, f.shape.fields)...)
		}
	}
	return paths
}
