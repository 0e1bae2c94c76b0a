package site_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/site"
)

// bundledFS copies the bundled content/ into memory, so that tests can
// edit it.
func bundledFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../.."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS("../.."), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func edit(t *testing.T, m fstest.MapFS, p, old, new string) {
	t.Helper()
	s := string(m[p].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", p, old)
	}
	m[p] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

// TestRebuildMatchesBuild edits the bundled site one file at a time and
// checks that Rebuild renders only part of the site yet makes exactly the
// output a full Build makes.
func TestRebuildMatchesBuild(t *testing.T) {
	m := bundledFS(t)
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today, Highlighter: render.NewCachingHighlighter()}
	prev, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, path, old, new string
		full                 bool // a full build is expected
	}{
		{"body", "content/images/nginx.md", "## Getting started", "## Getting started\n\nA new line, with a [link](/images/python/#versions).\n\n## New heading", false},
		{"body again", "content/images/nginx.md", "## New heading", "## Newer heading", false},
		{"doc body", "content/guides/fips.md", "\n## ", "\nAn added paragraph.\n\n## ", false},
		{"title", "content/images/python.md", "title: Python", "title: CPython", false},
		{"summary", "content/images/conda.md", "summary: ", "summary: Changed. ", false},
		{"categories", "content/images/go.md", "categories: [starter, base]", "categories: [starter, base, ai]", false},
		{"related", "content/images/ruby.md", "related: [python, ", "related: [go, python, ", false},
		{"doc page", "content/guides/fips.md", "title: ", "title: All about ", false},
		{"category", "content/categories/ai.md", "title: AI", "title: AI and ML", true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			edit(t, m, st.path, st.old, st.new)
			got, err := site.Rebuild(prev, opts, []string{st.path})
			if err != nil {
				t.Fatal(err)
			}
			want, err := site.Build(opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.name == "body" && got.Stats.Rendered != 1 {
				t.Errorf("a body edit rendered %d pages, want 1", got.Stats.Rendered)
			}
			if st.full != (got.Stats.Rendered == want.Stats.Rendered) {
				t.Errorf("rendered %d of %d pages; full build expected: %v", got.Stats.Rendered, want.Stats.Rendered, st.full)
			}
			sameOutput(t, got.Output, want.Output)
			prev = got
		})
	}
}

func sameOutput(t *testing.T, got, want *site.Output) {
	t.Helper()
	g, w := got.Names(), want.Names()
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Fatalf("file lists differ: %d vs %d files", len(g), len(w))
	}
	for _, n := range w {
		a, _ := got.File(n)
		b, _ := want.File(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build", n)
		}
	}
}

// TestRebuildBodyChecksLinks: a body-only edit is checked like any build, in
// both directions: its own links, and other pages' links to its headings.
func TestRebuildBodyChecksLinks(t *testing.T) {
	m := bundledFS(t)
	edit(t, m, "content/images/nginx.md", "## Getting started", "See [go](/images/go/#getting-started).\n\n## Getting started")
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today}
	prev, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	edit(t, m, "content/images/python.md", "## Getting started", "See [nope](/images/go/#nope).\n\n## Getting started")
	if _, err := site.Rebuild(prev, opts, []string{"content/images/python.md"}); err == nil || !strings.Contains(err.Error(), "content/images/python.md:") || !strings.Contains(err.Error(), `"#nope"`) && !strings.Contains(err.Error(), "nope") {
		t.Fatalf("a broken anchor added by a body edit: err = %v", err)
	}
	edit(t, m, "content/images/python.md", "See [nope](/images/go/#nope).\n\n", "")
	prev, err = site.Rebuild(prev, opts, []string{"content/images/python.md"})
	if err != nil {
		t.Fatal(err)
	}
	edit(t, m, "content/images/go.md", "## Getting started", "## Start here")
	_, err = site.Rebuild(prev, opts, []string{"content/images/go.md"})
	if err == nil || !strings.Contains(err.Error(), "content/images/nginx.md:") {
		t.Fatalf("a heading removed by a body edit, linked from another page: err = %v", err)
	}
}

// TestRebuildPaged edits images of a paginated site: every page of a list
// that shows one must follow, not only the list's first page.
func TestRebuildPaged(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/paged.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	m := opts.Source.(fstest.MapFS)
	prev, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	type change struct{ path, old, new string }
	for _, edits := range [][]change{
		// the last image: on page 3 of /images/ and of base
		{{"content/images/echo.md", "summary: ", "title: Echo, last of every list\nsummary: "}},
		// one image into ai and one out of it: as many pages as before
		{{"content/images/delta.md", "categories: [base]", "categories: [base, ai]"},
			{"content/images/alpha.md", "categories: [base, ai]", "categories: [base]"}},
	} {
		var paths []string
		for _, e := range edits {
			edit(t, m, e.path, e.old, e.new)
			paths = append(paths, e.path)
		}
		got, err := site.Rebuild(prev, opts, paths)
		if err != nil {
			t.Fatal(err)
		}
		want, err := site.Build(opts)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stats.Rendered == want.Stats.Rendered {
			t.Errorf("%s: rendered every page; an incremental rebuild expected", paths)
		}
		sameOutput(t, got.Output, want.Output)
		prev = got
	}
}
