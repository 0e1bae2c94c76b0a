package site

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// Rebuild builds the site again after the files changed (slash paths from
// the site root) were edited, reusing prev where that is safe, and returns
// the same output a full Build would.
//
// It renders again only what an edit touches when every changed file is an
// existing image or documentation page that still exists, parses cleanly
// and keeps its draft state and aliases:
//   - an image: its page, the pages that show it (related, FIPS pair,
//     similar images, before or after the edit), the pages of its
//     categories before and after, and the lists: home, /images/,
//     /categories/;
//   - a documentation page: every documentation page (they share the
//     navigation) and the home page;
//   - always: catalog.json, sitemap.xml and the search index.
//
// Anything else (the home page's settings, a category, a template, a static
// file, a new or deleted file) makes a full Build, as does a prev that kept
// no state (built with Options.Write).
func Rebuild(prev *Result, opts Options, changed []string) (*Result, error) {
	if prev == nil || prev.state == nil || !sameOptions(prev.state.opts, opts) {
		return Build(opts)
	}
	start := time.Now()
	docs, bodiesOnly, ok := reparse(prev.state, opts.Source, changed)
	if !ok {
		return Build(opts)
	}
	if bodiesOnly {
		return rebuildBodies(prev, opts, docs, start)
	}
	old := prev.state.builder
	var errs content.Errors
	b := old.next(opts, &errs)
	b.src = replaceDocs(prev.state.content, docs)
	cat, err := catalog.Build(b.src, catalog.Options{Drafts: opts.Drafts, Today: opts.Today})
	if err != nil {
		return Build(opts) // a full build reports every problem
	}
	cat.Site.BaseURL = prev.Catalog.Site.BaseURL
	b.cat = cat
	for name, data := range prev.Output.files {
		if strings.HasPrefix(name, searchDir) {
			continue // made again, under new names
		}
		b.files[name] = data
		b.names[name] = true
	}
	jobs := b.plan()
	if len(jobs) != len(prev.state.jobs) {
		return Build(opts)
	}
	touched := touchedURLs(prev.Catalog, cat, docs)
	var todo []*job
	for _, j := range jobs {
		pj := prev.state.jobs[j.out]
		if pj == nil {
			return Build(opts)
		}
		if touched[j.page.URL] {
			todo = append(todo, j)
			continue
		}
		j.links, j.ids = pj.links, pj.ids
	}
	b.tmpl.ResetCache()
	b.renderWithExtras(todo, jobs)
	return b.finish(jobs, jobsByOut(jobs), len(todo), b.stats(jobs), nil, start)
}

// sameOptions reports whether b builds the site a built the same way. The
// file systems are the caller's to keep: Rebuild expects the same site.
func sameOptions(a, b Options) bool {
	return a.BaseURL == b.BaseURL &&
		a.Drafts == b.Drafts && a.Minify == b.Minify && a.Today.Equal(b.Today) &&
		a.Highlighter == b.Highlighter && a.Write == nil && b.Write == nil
}

// reparse reads the changed files again, and reports whether every one
// kept its front matter (then no other page shows anything that changed)
// and whether an incremental rebuild can take them at all.
func reparse(st *state, fsys fs.FS, changed []string) (docs []*content.Document, bodiesOnly, ok bool) {
	if len(st.content.Failed) > 0 {
		return nil, false, false
	}
	before := make(map[string]*content.Document, len(changed))
	for _, p := range changed {
		before[p] = nil
	}
	for _, d := range st.content.Documents {
		if _, ok := before[d.Path]; ok {
			before[d.Path] = d
		}
	}
	bodiesOnly = true
	for _, p := range changed {
		if content.Ignored(path.Base(p)) {
			continue
		}
		if !strings.HasPrefix(p, "content/") || path.Ext(p) != ".md" {
			return nil, false, false
		}
		old := before[p]
		if old == nil || (old.Kind != content.ImageKind && old.Kind != content.PageKind) || path.Base(p) == "_index.md" || path.Base(p) == "index.md" {
			return nil, false, false
		}
		doc, err := content.Read(fsys, p)
		if err != nil || doc == nil || doc.Kind != old.Kind || !sameShape(old, doc) {
			return nil, false, false
		}
		bodiesOnly = bodiesOnly && doc.Front == old.Front
		docs = append(docs, doc)
	}
	return docs, bodiesOnly, len(docs) > 0
}

// sameShape reports whether an edit keeps what decides which pages exist.
func sameShape(a, b *content.Document) bool {
	switch a.Kind {
	case content.ImageKind:
		return a.Image.Draft == b.Image.Draft && slices.Equal(a.Image.Aliases.Values, b.Image.Aliases.Values)
	case content.PageKind:
		return a.Page.Draft == b.Page.Draft && slices.Equal(a.Page.Aliases.Values, b.Page.Aliases.Values)
	}
	return false
}

func replaceDocs(site *content.Site, docs []*content.Document) *content.Site {
	byPath := map[string]*content.Document{}
	for _, d := range docs {
		byPath[d.Path] = d
	}
	out := &content.Site{Resources: site.Resources, Failed: site.Failed}
	for _, d := range site.Documents {
		if nd := byPath[d.Path]; nd != nil {
			d = nd
		}
		out.Documents = append(out.Documents, d)
	}
	return out
}

// touchedURLs lists the pages an edit of docs can change, from the catalog
// before and after it.
func touchedURLs(before, after *catalog.Catalog, docs []*content.Document) map[string]bool {
	touched := map[string]bool{"/": true, "/images/": true, "/categories/": true}
	changed := map[string]bool{}
	for _, d := range docs {
		switch d.Kind {
		case content.ImageKind:
			changed[d.Image.Name] = true
		case content.PageKind:
			for _, p := range after.Pages {
				touched[p.URL] = true
			}
		}
	}
	for _, cat := range []*catalog.Catalog{before, after} {
		for _, img := range cat.Images {
			if changed[img.Name] {
				touched[img.URL] = true
				for _, c := range img.Categories {
					touched[c.URL] = true
				}
			}
			if showsChanged(img, changed) {
				touched[img.URL] = true
			}
		}
	}
	// A page whose list of similar images moved is touched too.
	for _, img := range after.Images {
		if o := before.Image(img.Name); o == nil || !sameNames(o.Similar, img.Similar) {
			touched[img.URL] = true
		}
	}
	return touched
}

// showsChanged reports whether img's page shows one of the changed images.
func showsChanged(img *catalog.Image, changed map[string]bool) bool {
	for _, o := range append(append([]*catalog.Image{img.FIPS, img.FIPSOf}, img.Related...), img.Similar...) {
		if o != nil && changed[o.Name] {
			return true
		}
	}
	return false
}

func sameNames(a, b []*catalog.Image) bool {
	return slices.EqualFunc(a, b, func(x, y *catalog.Image) bool { return x.Name == y.Name })
}

// rebuildBodies renders again only the pages whose Markdown body changed.
// The catalog and every other page stay as they were; prev's catalog takes
// the new bodies, so prev must not be used afterwards.
func rebuildBodies(prev *Result, opts Options, docs []*content.Document, start time.Time) (*Result, error) {
	old := prev.state.builder
	var errs content.Errors
	b := old.next(opts, &errs)
	b.names, b.cat = old.names, prev.Catalog // the same pages and catalog
	b.src = replaceDocs(prev.state.content, docs)
	b.files = maps.Clone(prev.Output.files)
	changed := map[string]*content.Document{}
	for _, d := range docs {
		changed[d.Path] = d
	}
	// Pages that did not change keep their jobs, which no one changes once
	// a build is done; the changed ones get copies.
	jobs := maps.Clone(prev.state.jobs)
	all := slices.Clone(prev.state.order)
	var todo []*job
	for i, pj := range all {
		if pj.src == nil || changed[pj.src.Path] == nil {
			continue
		}
		d := changed[pj.src.Path]
		j := *pj
		j.src.Body, j.src.BodyLine = d.Body, d.BodyLine
		todo = append(todo, &j)
		jobs[j.out], all[i] = &j, &j
	}
	b.tmpl.ResetCache()
	b.renderAll(todo)
	names := prev.Output.names // the same pages and files
	if indexesBodies(docs) {
		b.replaceSearch()
		names = nil
	}
	return b.finish(all, jobs, len(todo), prev.Stats, names, start)
}

// indexesBodies reports whether the search index has the text of any of
// docs: it has documentation pages' (and categories', whose edits make a
// full build), not images'.
func indexesBodies(docs []*content.Document) bool {
	return slices.ContainsFunc(docs, func(d *content.Document) bool { return d.Kind == content.PageKind })
}

// replaceSearch makes the search index again, in place of the last one.
func (b *builder) replaceSearch() {
	for name := range b.files {
		if strings.HasPrefix(name, searchDir) {
			delete(b.files, name)
		}
	}
	maps.Copy(b.files, b.searchFiles())
}

// next returns a builder for a rebuild that reuses what old set up: the
// templates, the Markdown renderer, the base URL and the assets (none of
// which an incremental rebuild changes), with an empty output.
func (old *builder) next(opts Options, errs *content.Errors) *builder {
	return &builder{
		opts: opts, files: map[string][]byte{}, names: map[string]bool{}, errs: errs,
		minifier: old.minifier, tmpl: old.tmpl, md: old.md, base: old.base, basePath: old.basePath,
		asset: old.asset, nStatic: old.nStatic, unchecked: old.unchecked,
	}
}
