package site

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// nextBodies returns the Generation after an edit that changed only the
// Markdown bodies of image files (each file's front matter the same), or
// nil when the edit did more. An image's body shows on its own page only:
// the catalog, the plan, the templates and every other page's key are
// g's, and only the edited images' pages get a job of their own. The
// catalog keeps the bodies it was built with; nothing reads an image's
// body from it (the jobs carry their own Source), except a site's own
// templates, which never take this way.
func (g *Generation) nextBodies(opts Options, src *content.Site, changed []string) *Generation {
	if g.custom || len(g.early) > 0 || g.b.tmpl == nil || !sameOptions(opts, g.b.opts) || len(src.Failed) > 0 {
		return nil
	}
	old := g.b.src
	if len(src.Documents) != len(old.Documents) {
		return nil
	}
	edited := map[string]*catalog.Source{}
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/images/") || !strings.HasSuffix(p, ".md") {
			return nil
		}
		was, now := document(old, p), document(src, p)
		if was == nil || now == nil || was.Kind != content.ImageKind || now.Kind != content.ImageKind || was.Front != now.Front {
			return nil
		}
		img := g.b.cat.Image(now.Image.Name)
		if img == nil { // a draft left out
			return nil
		}
		edited[img.URL] = &catalog.Source{Path: now.Path, Body: now.Body, BodyLine: now.BodyLine, Front: now.Front}
	}
	if len(edited) != len(changed) {
		return nil
	}
	pb := g.b
	b := &builder{
		opts: opts, src: src, cat: pb.cat, tmpl: pb.tmpl, md: pb.md, errs: &content.Errors{},
		base: pb.base, basePath: pb.basePath, asset: pb.asset, nStatic: pb.nStatic, unchecked: pb.unchecked,
		minifier: pb.minifier, files: map[string][]byte{}, names: map[string]bool{},
	}
	n := &Generation{
		b: b, store: g.store, theme: g.theme, parsed: g.parsed, parseErr: g.parseErr, custom: g.custom,
		assets: g.assets, assetNames: g.assetNames, reports: g.reports,
		order: slices.Clone(g.order), jobs: maps.Clone(g.jobs),
		keys: map[string]uint64{}, fileErrs: g.fileErrs, start: time.Now(),
	}
	for i, j := range n.order {
		if s, ok := edited[j.page.URL]; ok && j.page.Kind == "image" {
			c := *j
			c.src, c.links, c.ids = s, nil, idSet{}
			n.order[i], n.jobs[c.out] = &c, &c
		}
	}
	n.names = sync.OnceValue(n.listNames)
	n.search = sync.OnceValue(b.searchFiles)
	return n
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
