package site_test

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
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

// TestGenerationFollowsEdits edits the bundled site one file at a time
// and checks that the next Generation makes exactly the output a full
// Build makes, reports the same problems, and makes again only the pages
// an edit changes.
func TestGenerationFollowsEdits(t *testing.T) {
	m := bundledFS(t)
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today, Highlighter: render.NewCachingHighlighter()}
	g := site.Open(opts, site.NewStore(64<<20))
	if err := g.Check(nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, path, old, new string
		stale                int // pages whose key changes; -1: every page
	}{
		{"body", "content/images/nginx.md", "## Getting started", "## Getting started\n\nA new line, with a [link](/images/python/#versions).\n\n## New heading", 1},
		{"body again", "content/images/nginx.md", "## New heading", "## Newer heading", 1},
		{"doc body", "content/guides/fips.md", "\n## ", "\nAn added paragraph.\n\n## ", 1},
		{"title", "content/images/python.md", "title: Python", "title: CPython", -2},
		{"summary", "content/images/conda.md", "summary: ", "summary: Changed. ", -2},
		{"categories", "content/images/go.md", "categories: [starter, base]", "categories: [starter, base, ai]", -2},
		{"related", "content/images/ruby.md", "related: [python, ", "related: [go, python, ", -2},
		{"doc page", "content/guides/fips.md", "title: ", "title: All about ", -2},
		{"category body", "content/categories/ai.md", "\n---\n", "\n---\nA first paragraph, searchable: zanzibar.\n", 1},
		{"category", "content/categories/ai.md", "title: AI", "title: AI and ML", -2},
		{"broken", "content/images/go.md", "summary:", "sumary:", -2},
		{"mended", "content/images/go.md", "sumary:", "summary:", -2},
		{"body after mending", "content/images/go.md", "\n## ", "\nA paragraph after the mending.\n\n## ", 1},
		{"body with a broken link", "content/images/nginx.md", "## Newer heading", "## Newer heading\n\nSee [nothing](/images/python/#no-such-heading).", 1},
		{"body mended", "content/images/nginx.md", "#no-such-heading", "#versions", 1},
		{"home", "content/_index.md", "title: ", "title: The ", -1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			edit(t, m, st.path, st.old, st.new)
			next := g.Next(opts, []string{st.path})
			want, wantErr := site.Build(opts)
			gotErr := next.Check(nil)
			if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
				t.Fatalf("Check: %v\nBuild: %v", gotErr, wantErr)
			}
			stale := 0
			for _, name := range next.Names() {
				if g.Key(name) != next.Key(name) && strings.HasSuffix(name, ".html") {
					stale++
				}
			}
			switch {
			case st.stale == -1 && stale < len(next.Names())/2,
				st.stale == -2 && (stale < 2 || stale > len(next.Names())/2),
				st.stale > 0 && stale != st.stale:
				t.Errorf("%d pages stale, want %d (-1: every page, -2: some)", stale, st.stale)
			}
			if shares, bodyOnly := site.SharesCatalog(g, next), strings.Contains(st.name, "body"); shares != bodyOnly {
				t.Errorf("the catalog was shared: %v; want %v (an image's body edited, after a site without problems)", shares, bodyOnly)
			}
			g = next
			if wantErr != nil {
				return
			}
			sameFiles(t, next, want.Output)
		})
	}
}

// TestGenerationChecksLinks: a body edit is checked like any build, in
// both directions: its own links, and other pages' links to its headings.
func TestGenerationChecksLinks(t *testing.T) {
	m := bundledFS(t)
	edit(t, m, "content/images/nginx.md", "## Getting started", "See [go](/images/go/#getting-started).\n\n## Getting started")
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today}
	g := site.Open(opts, site.NewStore(64<<20))
	if err := g.Check(nil); err != nil {
		t.Fatal(err)
	}
	edit(t, m, "content/images/python.md", "## Getting started", "See [nope](/images/go/#nope).\n\n## Getting started")
	g = g.Next(opts, []string{"content/images/python.md"})
	if err := g.Check(nil); err == nil || !strings.Contains(err.Error(), "content/images/python.md:") || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("a broken anchor added by a body edit: err = %v", err)
	}
	edit(t, m, "content/images/python.md", "See [nope](/images/go/#nope).\n\n", "")
	g = g.Next(opts, []string{"content/images/python.md"})
	if err := g.Check(nil); err != nil {
		t.Fatal(err)
	}
	edit(t, m, "content/images/go.md", "## Getting started", "## Start here")
	g = g.Next(opts, []string{"content/images/go.md"})
	if err := g.Check(nil); err == nil || !strings.Contains(err.Error(), "content/images/nginx.md:") {
		t.Fatalf("a heading removed by a body edit, linked from another page: err = %v", err)
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

// TestGenerationPaged edits images of a paginated site: every page of a
// list that shows one must follow, not only the list's first page.
func TestGenerationPaged(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/paged.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	m := opts.Source.(fstest.MapFS)
	g := site.Open(opts, site.NewStore(64<<20))
	if err := g.Check(nil); err != nil {
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
		g = g.Next(opts, paths)
		if err := g.Check(nil); err != nil {
			t.Fatal(err)
		}
		want, err := site.Build(opts)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, g, want.Output)
	}
}

// sameFiles checks that g makes the files of a full build, byte for byte.
func sameFiles(t *testing.T, g *site.Generation, want *site.Output) {
	t.Helper()
	if strings.Join(slices.Sorted(slices.Values(g.Names())), "\n") != strings.Join(namedFiles(want), "\n") {
		t.Fatalf("file lists differ: %d vs %d files", len(g.Names()), len(namedFiles(want)))
	}
	for _, n := range want.Names() {
		if !g.Has(n) {
			t.Fatalf("%s: the Generation does not have it", n)
		}
		a, err := g.File(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		b, _ := want.File(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build", n)
		}
	}
}

// TestGenerationFollowsThemeEdits edits the site's own templates and
// stylesheet (the way that keeps the catalog and the plan), breaks a
// template and mends it, and checks each Generation against a full Build.
func TestGenerationFollowsThemeEdits(t *testing.T) {
	m := bundledFS(t)
	opts := site.Options{Source: m, Theme: sitegen.Theme, Minify: true, Today: today, Highlighter: render.NewCachingHighlighter()}
	g := site.Open(opts, site.NewStore(64<<20))
	footer, _ := fs.ReadFile(sitegen.Theme, "templates/partials/footer.html")
	css, _ := fs.ReadFile(sitegen.Theme, "static/css/site.css")
	steps := []struct{ name, path, text string }{
		{"template", "templates/partials/footer.html", strings.Replace(string(footer), "</footer>", "<p>A site's own footer.</p></footer>", 1)},
		{"stylesheet", "static/css/site.css", string(css) + "\nbody{caret-color:red}\n"},
		{"broken template", "templates/partials/footer.html", "{{if}}"},
		{"mended template", "templates/partials/footer.html", string(footer)},
		// A partial the theme caches by the image's name, and then a
		// title it shows on other images' pages and lifecycle rows.
		{"cached partial", "templates/partials/image-link.html", `<a class="own" href="{{url .URL}}">{{.Title}}</a>`},
		{"body", "content/images/nginx.md", strings.Replace(string(m["content/images/nginx.md"].Data), "## Getting started", "## Getting started\n\nA new line.", 1)},
		{"front matter", "content/images/nginx.md", strings.Replace(string(m["content/images/nginx.md"].Data), "title: NGINX", "title: NGINX, edited", 1)},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			m[st.path] = &fstest.MapFile{Data: []byte(st.text)}
			next := g.Next(opts, []string{st.path})
			want, wantErr := site.Build(opts)
			gotErr := next.Check(nil)
			if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
				t.Fatalf("Check: %v\nBuild: %v", gotErr, wantErr)
			}
			if p := next.Problems(); (p == nil) != (st.name != "broken template") {
				t.Errorf("Problems: %v", p)
			}
			// A body edit keeps the catalog with the site's own templates too.
			if shares, want := site.SharesCatalog(g, next), st.name != "front matter"; shares != want {
				t.Errorf("the catalog was shared: %v; want %v", shares, want)
			}
			if st.name == "body" { // the site's own templates may show any file's body
				for _, name := range next.Names() {
					if strings.HasSuffix(name, ".html") && g.Key(name) == next.Key(name) {
						t.Errorf("%s kept its key after a body edit", name)
					}
				}
			}
			g = next
			if wantErr == nil {
				sameFiles(t, next, want.Output)
			} else if st.name != "broken template" {
				t.Fatalf("Build: %v", wantErr)
			}
		})
	}
}
