package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/sitegen/sitegen/internal/content"
)

// newUsage documents sitegen new, its template data included.
const newUsage = `Usage:

  sitegen new image NAME --category SLUG [--category SLUG ...] [--title T] [--source DIR]
  sitegen new category SLUG [--title T] [--source DIR]
  sitegen new guide PATH [--title T] [--source DIR]

Writes content/images/NAME.md, content/categories/SLUG.md or content/PATH.md
(PATH like guides/fips) with every required key, the common optional ones
commented out, and today's date (SOURCE_DATE_EPOCH's day when it is set), so
that the site builds at once; prints the path written. It never overwrites a
file, and refuses a category that has no file.

A site's own templates/new/<kind>.md (image.md, category.md, guide.md)
replaces the built-in skeleton. It is a Go text/template given:

  .Kind        "image", "category" or "guide"
  .Name        the image's name, the category's slug, or the guide's PATH
  .Title       --title, else a title made from the name
  .Categories  the --category slugs (images), a list
  .Date        today, YYYY-MM-DD
  .Path        the file written, e.g. content/images/go.md

and the function yaml, which quotes a text for YAML: title: {{yaml .Title}}.

Flags:
`

// stringList is a flag that can be given more than once.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// newFile is what a skeleton template is given.
type newFile struct {
	Kind, Name, Title, Date, Path string
	Categories                    []string
}

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder`")
	title := fs.String("title", "", "the page's `title` (default: made from the name)")
	var categories stringList
	fs.Var(&categories, "category", "a category `slug` of the image; give one flag per category")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), newUsage)
		fs.PrintDefaults()
	}
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(positional) != 2 {
		fmt.Fprintf(stderr, "sitegen new: want a kind (image, category or guide) and a name, got %d arguments\n\n", len(positional))
		fs.Usage()
		return exitUsage
	}
	f := newFile{Kind: positional[0], Name: positional[1], Title: *title, Categories: categories}
	if f.Kind != "image" && len(categories) > 0 {
		fmt.Fprintf(stderr, "sitegen new %s: --category is for images only\n", f.Kind)
		return exitUsage
	}
	rel, problem := newPath(f.Kind, f.Name)
	if problem != "" {
		fmt.Fprintf(stderr, "sitegen new %s: %s\n", f.Kind, problem)
		return exitUsage
	}
	f.Path = "content/" + rel
	if info, err := os.Stat(filepath.Join(*source, "content")); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitegen new: %s has no content/ folder; give the site folder with --source\n", *source)
		return exitUsage
	}
	if f.Kind == "image" {
		if code := checkCategories(os.DirFS(*source), f.Categories, stderr); code != exitOK {
			return code
		}
	}
	if f.Title == "" {
		f.Title = defaultTitle(f.Kind, f.Name)
	}
	day, err := buildDay()
	if err != nil {
		fmt.Fprintf(stderr, "sitegen new: %v\n", err)
		return exitUsage
	}
	f.Date = day.Format("2006-01-02")
	text, err := skeleton(os.DirFS(*source), f)
	if err != nil {
		fmt.Fprintf(stderr, "sitegen new: %v\n", err)
		return exitContent
	}
	dst := filepath.Join(*source, filepath.FromSlash(f.Path))
	if err := writeNew(dst, text); err != nil {
		fmt.Fprintf(stderr, "sitegen new: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, dst)
	return exitOK
}

// parseInterleaved parses flags given before, between and after the
// positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// newPath returns the path under content/ of a new file of kind named
// name, or what is wrong with them.
func newPath(kind, name string) (rel, problem string) {
	var want content.Kind
	switch kind {
	case "image":
		rel, want = "images/"+name+".md", content.ImageKind
	case "category":
		rel, want = "categories/"+name+".md", content.CategoryKind
	case "guide":
		clean := strings.TrimSuffix(strings.Trim(name, "/"), ".md")
		if clean == "" || path.IsAbs(name) || clean != path.Clean(clean) || strings.HasPrefix(clean, "../") || clean == ".." {
			return "", fmt.Sprintf("%q is not a path under content/: write it like guides/fips", name)
		}
		rel, want = clean+".md", content.PageKind
	default:
		return "", fmt.Sprintf("unknown kind %q: sitegen new makes an image, a category or a guide", kind)
	}
	doc, err := content.Parse("content/"+rel, []byte("---\n---\n"))
	if doc == nil {
		// The path is not part of the content model; say why.
		if list := content.List(err); len(list) > 0 {
			return "", list[0].Msg
		}
		return "", fmt.Sprintf("content/%s is not part of the content model", rel)
	}
	if doc.Kind != want {
		return "", fmt.Sprintf("content/%s would not be a guide: for images and categories use sitegen new image or sitegen new category", rel)
	}
	return rel, ""
}

// checkCategories refuses slugs that have no category file, with the
// nearest known slug and the list of all.
func checkCategories(fsys fs.FS, slugs []string, stderr io.Writer) int {
	var known []string
	entries, _ := fs.ReadDir(fsys, "content/categories")
	for _, e := range entries {
		slug, ok := strings.CutSuffix(e.Name(), ".md")
		if ok && !e.IsDir() && !content.Ignored(e.Name()) && content.URLOf("content/categories/"+e.Name()) != "" {
			known = append(known, slug)
		}
	}
	list := "there are no category files yet: add one with sitegen new category SLUG"
	if len(known) > 0 {
		list = "known categories: " + strings.Join(known, ", ")
	}
	if len(slugs) == 0 {
		fmt.Fprintf(stderr, "sitegen new image: give the image's categories with --category SLUG (%s)\n", list)
		return exitUsage
	}
	code := exitOK
	for _, s := range slugs {
		if slices.Contains(known, s) {
			continue
		}
		hint := ""
		if near := content.Nearest(s, known); near != "" {
			hint = fmt.Sprintf("; did you mean %q?", near)
		}
		fmt.Fprintf(stderr, "sitegen new image: unknown category %q%s (%s; or add it with sitegen new category %s)\n", s, hint, list, s)
		code = exitContent
	}
	return code
}

// defaultTitle makes a title from a name: its last part, words capitalised.
func defaultTitle(kind, name string) string {
	if kind == "image" {
		return name
	}
	words := strings.FieldsFunc(path.Base(strings.TrimSuffix(name, ".md")), func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// skeleton runs the site's templates/new/<kind>.md, or the built-in one.
func skeleton(fsys fs.FS, f newFile) ([]byte, error) {
	name := "templates/new/" + f.Kind + ".md"
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		name, src, err = "built-in "+f.Kind+" skeleton", []byte(builtinSkeleton(f.Kind)), nil
	}
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"yaml": strconv.Quote}).Parse(string(src))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := t.Execute(&b, f); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// writeNew writes a new file, never over one that exists.
func writeNew(dst string, text []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; sitegen new never overwrites a file: edit it, or remove it first", dst)
	}
	if err != nil {
		return err
	}
	if _, err := out.Write(text); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

func builtinSkeleton(kind string) string {
	switch kind {
	case "image":
		return `---
title: {{yaml .Title}}
summary: {{yaml (print "One line about " .Title ".")}}
categories:
{{- range .Categories}}
  - {{.}}
{{- end}}
lastmod: {{.Date}}
date: {{.Date}}
# upstream: https://example.org/
# tags: [latest, latest-dev]
# versions:
#   - version: "1.0"
#     eol: 2027-12-31
# user: 65532
# shell: false
# entrypoint: /usr/bin/{{.Name}}
# workdir: /
# compatibility:
#   - What someone moving to this image should know.
# replaces: [{{.Name}}:latest]
# featured: false
# related: []
# fips: {{.Name}}-fips
# draft: true
# aliases: [/old/path/]
---

How to use {{.Title}}.
`
	case "category":
		return `---
title: {{yaml .Title}}
summary: {{yaml (print "One line about " .Title ".")}}
# weight: 10
# responsibility:
#   vendor:
#     - What the image publisher takes care of.
#   customer:
#     - What the user of the image takes care of.
# migration:
#   effort: medium # low, medium or high
#   steps:
#     - The first step of a move to these images.
---

What the images of {{.Title}} have in common.
`
	}
	return `---
title: {{yaml .Title}}
lastmod: {{.Date}}
# summary: One line about the page.
# weight: 10
# draft: true
# aliases: [/old/path/]
---

What {{.Title}} is about.
`
}
