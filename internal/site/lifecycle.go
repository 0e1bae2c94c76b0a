package site

import (
	"fmt"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/render"
)

// lifecyclePages makes the pages of a lifecycle list at url: the version
// streams by stage (catalog.Lifecycle) on the build day, cut into pages of size
// streams, each page with the streams' sections and every stage's count
// and first page.
func lifecyclePages(url string, p *render.Page, c *catalog.Category, today string, streams []catalog.Stream, size int) []*render.Page {
	n := catalog.Pages(len(streams), size)
	groups := make([]render.LifecycleGroup, len(catalog.Stages))
	for i, st := range catalog.Stages {
		groups[i].Stage = st
	}
	for i, s := range streams {
		g := &groups[s.Stage]
		if g.Count == 0 {
			g.URL = catalog.PageURL(url, i/max(size, 1)+1) + "#" + s.Stage.Slug()
		}
		g.Count++
	}
	pages := make([]*render.Page, n)
	for i := range pages {
		pg := *p
		pg.Pager = render.Paginate(url, len(streams), size, i+1)
		pg.URL = catalog.PageURL(url, i+1)
		lc := &render.Lifecycle{Category: c, Groups: groups, Today: today}
		for _, s := range streams[max(pg.Pager.First-1, 0):pg.Pager.Last] {
			if k := len(lc.Sections); k == 0 || lc.Sections[k-1].Stage != s.Stage {
				lc.Sections = append(lc.Sections, render.LifecycleSection{Stage: s.Stage})
			}
			sec := &lc.Sections[len(lc.Sections)-1]
			sec.Streams = append(sec.Streams, s)
		}
		pg.Lifecycle = lc
		if n > 1 {
			pg.Title = fmt.Sprintf("%s, page %d of %d", p.Title, i+1, n)
			pg.Description = fmt.Sprintf("%s Page %d of %d.", p.Description, i+1, n)
		}
		pages[i] = &pg
	}
	return pages
}

// planLifecycle adds the pages of /lifecycle/ and of each category's
// lifecycle list (<category>/lifecycle/), the category filter of
// /lifecycle/ that needs no script.
func (b *builder) planLifecycle(add func(url, tmpl string, p *render.Page, src *catalog.Source)) {
	cat := b.cat
	today := dateString(cat.Today)
	pages := func(url string, p *render.Page, c *catalog.Category, streams []catalog.Stream) {
		p.Kind = "lifecycle"
		for _, pg := range lifecyclePages(url, p, c, today, streams, cat.Site.PageSize) {
			add(pg.URL, "lifecycle.html", pg, nil)
		}
	}
	all := catalog.Lifecycle(cat.Images, cat.Today) // sorted once: each category's are a part
	pages(catalog.LifecycleURL, &render.Page{Title: "Lifecycle",
		Description: "Every version stream of " + cat.Site.Title + " by end of life.",
		Calendar:    catalog.LifecycleURL + "eol.ics"}, nil, all)
	for _, c := range cat.Categories {
		pages(c.URL+"lifecycle/", &render.Page{Title: "Lifecycle: " + c.Title,
			Description: "Every version stream of the " + c.Title + " images by end of life.",
			Category:    c, Calendar: c.URL + "eol.ics"}, c, catalog.StreamsIn(all, c))
	}
}
