package site

import (
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// nextBodies returns the Generation after an edit that changed only the
// Markdown bodies of images, categories and documentation pages (each
// file's front matter the same), or nil when the edit did more. A body
// shows on its own page, and a category's or a documentation page's in
// the search index too: the catalog, the plan, the templates and every
// other page's key are g's, the edited files' pages get jobs of their own
// and the search index reads their new bodies (builder.bodies). The
// catalog keeps the sources it was built with, which hold no bodies (a
// Generation loads its content with DropBodies), so a site's own
// templates, which may show any of the catalog, see what a full rebuild
// would show them; every one of their pages depends on every file's
// bytes (see key), so each is made again when asked.
func (g *Generation) nextBodies(opts Options, src *content.Site, changed []string) *Generation {
	if len(g.early) > 0 || g.b.tmpl == nil || !sameOptions(opts, g.b.opts) || len(src.Failed) > 0 {
		return nil
	}
	old := g.b.src
	if len(src.Documents) != len(old.Documents) {
		return nil
	}
	bodies := maps.Clone(g.b.bodies)
	if bodies == nil {
		bodies = map[string]*catalog.Source{}
	}
	for _, p := range changed {
		if content.Ignored(path.Base(p)) {
			continue // an editor's side file: never read
		}
		was, now := document(old, p), document(src, p)
		if was == nil || now == nil || was.Kind != now.Kind || was.Front != now.Front || now.Kind == content.HomeKind {
			return nil
		}
		bodies[p] = &catalog.Source{Path: now.Path, Body: now.Body, BodyLine: now.BodyLine, Front: now.Front, Sum: now.Sum}
	}
	b := g.b.follow(opts, src, &content.Errors{}, bodies)
	b.tmpl, b.asset, b.nStatic = g.b.tmpl, g.b.asset, g.b.nStatic
	if g.custom {
		// A site's own partialCached may keep what a body gave it: its
		// templates start with nothing cached, as a full rebuild's do.
		b.tmpl = g.parsed.Templates(b.funcs())
	}
	n := g.follow(b)
	n.theme, n.parsed, n.parseErr, n.custom = g.theme, g.parsed, g.parseErr, g.custom
	n.assets, n.assetNames = g.assets, g.assetNames
	n.order, n.jobs = slices.Clone(g.order), maps.Clone(g.jobs)
	for i, j := range n.order {
		if j.src == nil || !slices.Contains(changed, j.src.Path) {
			continue
		}
		c := *j
		c.src, c.links, c.ids = bodies[j.src.Path], nil, idSet{}
		n.order[i], n.jobs[c.out] = &c, &c
	}
	return n
}

// follow returns a builder for the edit after b's site that keeps b's
// catalog and what its plan made of it, Markdown renderer and base URL.
func (b *builder) follow(opts Options, src *content.Site, errs *content.Errors, bodies map[string]*catalog.Source) *builder {
	return &builder{
		opts: opts, src: src, cat: b.cat, site: b.site, md: b.md, errs: errs, bodies: bodies,
		base: b.base, basePath: b.basePath, unchecked: b.unchecked,
		minifier: b.minifier, files: map[string][]byte{}, names: map[string]bool{},
	}
}

// follow returns the Generation after g, made by b, that keeps g's plan
// (its pages, so its sitemap), Store and reports.
func (g *Generation) follow(b *builder) *Generation {
	n := &Generation{
		b: b, store: g.store, reports: g.reports, order: g.order, jobs: g.jobs,
		keys: map[string]uint64{}, fileErrs: g.fileErrs, start: time.Now(), edit: true,
		sitemapParts: g.sitemapParts,
	}
	n.names = sync.OnceValue(n.listNames)
	n.search = sync.OnceValue(b.searchFiles)
	return n
}

// source returns the source of a body as it is now: src, or the body an
// edit gave it since the catalog was built (see nextBodies).
func (b *builder) source(src *catalog.Source) *catalog.Source {
	if s, ok := b.bodies[src.Path]; ok {
		return s
	}
	return src
}

// sameOptions reports whether two Generations' options, for the same
// site and theme, make the same pages of the same content.
func sameOptions(a, b Options) bool {
	return a.BaseURL == b.BaseURL && a.Drafts == b.Drafts && a.Minify == b.Minify &&
		a.Today.Equal(b.Today) && a.Highlighter == b.Highlighter
}

// document returns the document of site at path p, or nil.
func document(site *content.Site, p string) *content.Document {
	i, ok := slices.BinarySearchFunc(site.Documents, p, func(d *content.Document, p string) int { return strings.Compare(d.Path, p) })
	if !ok {
		return nil
	}
	return site.Documents[i]
}

// nextTheme returns the Generation after an edit that changed only files
// under templates/ and static/, or nil when the edit did more: the theme,
// the assets and the templates are made again, the content, the catalog
// and the plan are g's (no page's data depends on the theme; its key
// does, through the theme's digest). The content's problems stay; the
// theme's are found again.
func (g *Generation) nextTheme(opts Options, src *content.Site, changed []string) *Generation {
	if !sameOptions(opts, g.b.opts) {
		return nil
	}
	for _, p := range changed {
		if top, _, _ := strings.Cut(p, "/"); top != "templates" && top != "static" {
			return nil
		}
	}
	var errs content.Errors
	for _, e := range g.early {
		if !strings.HasPrefix(e.Path, "templates/") && !strings.HasPrefix(e.Path, "static/") {
			errs.Add(e)
		}
	}
	n := g.follow(g.b.follow(opts, src, &errs, g.b.bodies))
	n.layTheme(src)
	n.useTemplates()
	n.early = content.List(errs.Err())
	return n
}
