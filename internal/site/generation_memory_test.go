package site_test

import (
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"weak"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestGenerationLetsOldCatalogsGo checks that a dev server's edits do not
// keep earlier catalogs alive: after front-matter edits (a new catalog
// each), a template edit (a new theme, the catalog kept) and more
// front-matter edits, each catalog but the newest is garbage once only
// the newest Generation is held. A parsed theme or Markdown renderer that
// held the builder that made it (through its minifying function) kept a
// catalog and plan alive for as long as the theme was in use.
func TestGenerationLetsOldCatalogsGo(t *testing.T) {
	opts := smallSite(t)
	opts.Minify = true // the theme and bodies are minified by functions they keep
	m := opts.Source.(fstest.MapFS)
	g := site.Open(opts, site.NewStore(16<<20))
	var (
		cats []string
		gone []func() bool
	)
	step := func(what, path, from, to string) {
		t.Helper()
		if m[path] == nil {
			m[path] = &fstest.MapFile{}
		}
		if _, err := g.File("images/python/index.html"); err != nil {
			t.Fatal(err)
		}
		w := weak.Make(site.CatalogOf(g))
		gone = append(gone, func() bool { return w.Value() == nil })
		cats = append(cats, what)
		data := m[path].Data
		if data == nil {
			data, _ = fs.ReadFile(sitegen.Theme, path)
		}
		m[path] = &fstest.MapFile{Data: []byte(strings.Replace(string(data), from, to, 1))}
		g = g.Next(opts, []string{path})
	}
	step("the first catalog", "content/images/python.md", "summary: ", "summary: Edited. ")
	step("after a summary edit", "templates/partials/footer.html", "</footer>", "<p>Edited.</p></footer>")
	step("after a template edit", "content/images/python.md", "summary: Edited. ", "summary: Edited again. ")
	if _, err := g.File("images/python/index.html"); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	for i, isGone := range gone {
		if !isGone() {
			t.Errorf("%s is still alive after later edits", cats[i])
		}
	}
	runtime.KeepAlive(g)
}
