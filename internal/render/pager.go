package render

import "github.com/sitegen/sitegen/internal/catalog"

// Pager says where a page of a paginated list is in it, for the template's
// numbered pager: page Number of Pages, showing items First to Last (from
// 1) of Items.
type Pager struct {
	List   string // the list's URL, that of its first page, e.g. "/images/"
	Number int    // this page, from 1
	Pages  int    // how many pages the list has, at least 1
	Items  int    // how many items the whole list has
	First  int    // the first item on this page, from 1; 0 when the list is empty
	Last   int    // the last item on this page
	Prev   string // the previous page's URL, or "" on the first page
	Next   string // the next page's URL, or "" on the last page
	Links  []PagerLink
}

// PagerLink is one entry of the numbered pager: a page, or a gap (Number 0)
// standing for the pages left out between two entries.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

// Gap reports whether the entry stands for pages left out.
func (l PagerLink) Gap() bool { return l.Number == 0 }

// pagerWindow is how many pages each side of the current one the pager
// names; the first and the last are always named.
const pagerWindow = 2

// Paginate cuts a list of items, at list (a URL ending in "/"), into
// pages of size items (at least 1), and returns page number's Pager. A
// number out of range is taken as the nearest page.
func Paginate(list string, items, size, number int) *Pager {
	size = max(size, 1)
	pages := catalog.Pages(items, size)
	number = min(max(number, 1), pages)
	p := &Pager{List: list, Number: number, Pages: pages, Items: items}
	if items > 0 {
		p.First = (number-1)*size + 1
		p.Last = min(number*size, items)
	}
	if number > 1 {
		p.Prev = catalog.PageURL(list, number-1)
	}
	if number < pages {
		p.Next = catalog.PageURL(list, number+1)
	}
	p.Links = pagerLinks(list, number, pages)
	return p
}

// pagerLinks names the first and last pages and pagerWindow pages each
// side of the current one (more on one side near the other end); the
// others are gaps. A gap never stands for a single page: naming that page
// takes no more room.
func pagerLinks(list string, number, pages int) []PagerLink {
	lo, hi := number-pagerWindow, number+pagerWindow
	// Near an end, name more pages on the other side.
	if lo < 1 {
		hi += 1 - lo
	}
	if hi > pages {
		lo -= hi - pages
	}
	lo, hi = max(lo, 1), min(hi, pages)
	if lo <= 3 {
		lo = 1
	}
	if hi >= pages-2 {
		hi = pages
	}
	var links []PagerLink
	page := func(n int) { links = append(links, PagerLink{n, catalog.PageURL(list, n), n == number}) }
	if lo > 1 {
		page(1)
		links = append(links, PagerLink{})
	}
	for n := lo; n <= hi; n++ {
		page(n)
	}
	if hi < pages {
		links = append(links, PagerLink{})
		page(pages)
	}
	return links
}
