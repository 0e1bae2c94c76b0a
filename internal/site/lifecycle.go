package site

import (
	"fmt"
	"sync"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/render"
)

// A lifecycleList is one lifecycle list, /lifecycle/ (category nil) or a
// category's, as the plan knows it: where it is and how many streams it
// has. Its streams are sorted only when one of its pages is made
// (lifecycles): an edit's plan does not sort every version stream of the
// catalog.
type lifecycleList struct {
	url      string
	category *catalog.Category
	streams  int
}

// lifecycleRef is one page of a lifecycle list.
type lifecycleRef struct {
	list *lifecycleList
	page int // from 1
}

// lifecycles are the streams of every lifecycle list of one catalog,
// sorted once when the first lifecycle page is made. A category's list is
// the part of the catalog's that its images have, held as positions in
// it: at 100,000 images, copies of the streams for each category were a
// tenth of a build's live heap.
type lifecycles struct {
	once   sync.Once
	all    []catalog.Stream
	byCat  map[*catalog.Category][]int32 // positions in all
	groups map[*lifecycleList][]render.LifecycleGroup
	mu     sync.Mutex
}

// sorted sorts the catalog's streams, once.
func (l *lifecycles) sorted(cat *catalog.Catalog) {
	l.once.Do(func() {
		l.all = catalog.Lifecycle(cat.Images, cat.Today) // sorted once: each category's are a part
		n := make(map[*catalog.Category]int, len(cat.Categories))
		for _, s := range l.all {
			for _, c := range s.Image.Categories {
				n[c]++
			}
		}
		l.byCat = make(map[*catalog.Category][]int32, len(n))
		for c, k := range n {
			l.byCat[c] = make([]int32, 0, k)
		}
		for i, s := range l.all {
			for _, c := range s.Image.Categories {
				l.byCat[c] = append(l.byCat[c], int32(i))
			}
		}
		l.groups = map[*lifecycleList][]render.LifecycleGroup{}
	})
}

// len returns how many streams list has.
func (l *lifecycles) len(cat *catalog.Catalog, list *lifecycleList) int {
	l.sorted(cat)
	if list.category == nil {
		return len(l.all)
	}
	return len(l.byCat[list.category])
}

// streams returns the streams of list from position from to to, by stage
// (catalog.Lifecycle): a part of the catalog's streams for /lifecycle/, a
// copy for a category's list.
func (l *lifecycles) streams(cat *catalog.Catalog, list *lifecycleList, from, to int) []catalog.Stream {
	l.sorted(cat)
	if list.category == nil {
		return l.all[from:to:to]
	}
	at := l.byCat[list.category][from:to]
	out := make([]catalog.Stream, len(at))
	for i, k := range at {
		out[i] = l.all[k]
	}
	return out
}

// stage returns the stage of list's stream at position i.
func (l *lifecycles) stage(list *lifecycleList, i int) catalog.Stage {
	if list.category == nil {
		return l.all[i].Stage
	}
	return l.all[l.byCat[list.category][i]].Stage
}

// lifecycle returns what the page ref of a lifecycle list shows: its
// streams by stage, and every stage's count and first page.
func (b *builder) lifecycle(ref *lifecycleRef) *render.Lifecycle {
	cat, size := b.cat, b.cat.Site.PageSize
	n := b.life.len(cat, ref.list)
	lc := &render.Lifecycle{Category: ref.list.category, Groups: b.life.groupsOf(ref.list, n, size), Today: dateString(cat.Today)}
	pager := render.Paginate(ref.list.url, n, size, ref.page)
	// The streams are by stage: each section is a part of the page's
	// (a template does not change its data).
	page := b.life.streams(cat, ref.list, max(pager.First-1, 0), pager.Last)
	for start := 0; start < len(page); {
		end := start + 1
		for end < len(page) && page[end].Stage == page[start].Stage {
			end++
		}
		lc.Sections = append(lc.Sections, render.LifecycleSection{Stage: page[start].Stage, Streams: page[start:end:end]})
		start = end
	}
	return lc
}

// groupsOf returns every stage of list, of n streams, with its count and
// first page.
func (l *lifecycles) groupsOf(list *lifecycleList, n, size int) []render.LifecycleGroup {
	l.mu.Lock()
	defer l.mu.Unlock()
	if g, ok := l.groups[list]; ok {
		return g
	}
	groups := make([]render.LifecycleGroup, len(catalog.Stages))
	for i, st := range catalog.Stages {
		groups[i].Stage = st
	}
	for i := range n {
		st := l.stage(list, i)
		g := &groups[st]
		if g.Count == 0 {
			g.URL = catalog.PageURL(list.url, i/max(size, 1)+1) + "#" + st.Slug()
		}
		g.Count++
	}
	l.groups[list] = groups
	return groups
}

// planLifecycle adds the pages of /lifecycle/ and of each category's
// lifecycle list (<category>/lifecycle/), the category filter of
// /lifecycle/ that needs no script. Each page is cut from its list's
// streams when it is made (see lifecycleList).
func (b *builder) planLifecycle(add func(url, tmpl string, p *render.Page, src *catalog.Source) *job) {
	cat := b.cat
	size := cat.Site.PageSize
	pages := func(list *lifecycleList, p *render.Page) {
		p.Kind = "lifecycle"
		n := catalog.Pages(list.streams, size)
		for i := range n {
			pg := *p
			pg.Pager = render.Paginate(list.url, list.streams, size, i+1)
			if n > 1 {
				pg.Title = fmt.Sprintf("%s, page %d of %d", p.Title, i+1, n)
				pg.Description = fmt.Sprintf("%s Page %d of %d.", p.Description, i+1, n)
			}
			add(catalog.PageURL(list.url, i+1), "lifecycle.html", &pg, nil).life = &lifecycleRef{list: list, page: i + 1}
		}
	}
	streams := func(imgs []*catalog.Image) int {
		n := 0
		for _, img := range imgs {
			n += len(img.Versions)
		}
		return n
	}
	pages(&lifecycleList{url: catalog.LifecycleURL, streams: streams(cat.Images)}, &render.Page{Title: "Lifecycle",
		Description: "Every version stream of " + cat.Site.Title + " by end of life.",
		Calendar:    catalog.LifecycleURL + "eol.ics"})
	for _, c := range cat.Categories {
		pages(&lifecycleList{url: c.URL + "lifecycle/", category: c, streams: streams(c.Images)}, &render.Page{Title: "Lifecycle: " + c.Title,
			Description: "Every version stream of the " + c.Title + " images by end of life.",
			Category:    c, Calendar: c.URL + "eol.ics"})
	}
}
