package render_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/render"
)

// pagerString writes a pager compactly: "3/10 items 201-300 of 1000 prev
// /l/page/2/ next /l/page/4/ [1 2 (3) 4 5 … 10]".
func pagerString(p *render.Pager) string {
	var links []string
	for _, l := range p.Links {
		switch {
		case l.Gap():
			links = append(links, "…")
		case l.Current:
			links = append(links, fmt.Sprintf("(%d)", l.Number))
		default:
			links = append(links, fmt.Sprint(l.Number))
		}
	}
	return fmt.Sprintf("%d/%d items %d-%d of %d prev %s next %s [%s]",
		p.Number, p.Pages, p.First, p.Last, p.Items, or(p.Prev), or(p.Next), strings.Join(links, " "))
}

func or(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		items, size, number int
		want                string
	}{
		{0, 100, 1, "1/1 items 0-0 of 0 prev - next - [(1)]"},
		{1, 100, 1, "1/1 items 1-1 of 1 prev - next - [(1)]"},
		{100, 100, 1, "1/1 items 1-100 of 100 prev - next - [(1)]"},
		{101, 100, 1, "1/2 items 1-100 of 101 prev - next /l/page/2/ [(1) 2]"},
		{101, 100, 2, "2/2 items 101-101 of 101 prev /l/ next - [1 (2)]"},
		{3, 1, 2, "2/3 items 2-2 of 3 prev /l/ next /l/page/3/ [1 (2) 3]"},
		// Out of range: the nearest page.
		{101, 100, 0, "1/2 items 1-100 of 101 prev - next /l/page/2/ [(1) 2]"},
		{101, 100, 9, "2/2 items 101-101 of 101 prev /l/ next - [1 (2)]"},
		{5, 0, 1, "1/5 items 1-1 of 5 prev - next /l/page/2/ [(1) 2 3 4 5]"},
		// Seven pages are all named; past that, gaps.
		{700, 100, 4, "4/7 items 301-400 of 700 prev /l/page/3/ next /l/page/5/ [1 2 3 (4) 5 6 7]"},
		{800, 100, 1, "1/8 items 1-100 of 800 prev - next /l/page/2/ [(1) 2 3 4 5 … 8]"},
		{800, 100, 8, "8/8 items 701-800 of 800 prev /l/page/7/ next - [1 … 4 5 6 7 (8)]"},
		{800, 100, 4, "4/8 items 301-400 of 800 prev /l/page/3/ next /l/page/5/ [1 2 3 (4) 5 6 7 8]"},
		// Huge: 100,000 images, 100 a page.
		{100_000, 100, 1, "1/1000 items 1-100 of 100000 prev - next /l/page/2/ [(1) 2 3 4 5 … 1000]"},
		{100_000, 100, 4, "4/1000 items 301-400 of 100000 prev /l/page/3/ next /l/page/5/ [1 2 3 (4) 5 6 … 1000]"},
		{100_000, 100, 6, "6/1000 items 501-600 of 100000 prev /l/page/5/ next /l/page/7/ [1 … 4 5 (6) 7 8 … 1000]"},
		{100_000, 100, 500, "500/1000 items 49901-50000 of 100000 prev /l/page/499/ next /l/page/501/ [1 … 498 499 (500) 501 502 … 1000]"},
		{100_000, 100, 997, "997/1000 items 99601-99700 of 100000 prev /l/page/996/ next /l/page/998/ [1 … 995 996 (997) 998 999 1000]"},
		{100_000, 100, 1000, "1000/1000 items 99901-100000 of 100000 prev /l/page/999/ next - [1 … 996 997 998 999 (1000)]"},
	}
	for _, tt := range tests {
		p := render.Paginate("/l/", tt.items, tt.size, tt.number)
		if got := pagerString(p); got != tt.want {
			t.Errorf("Paginate(%d items, %d a page, page %d):\n got %s\nwant %s", tt.items, tt.size, tt.number, got, tt.want)
		}
		if p.List != "/l/" {
			t.Errorf("List = %q", p.List)
		}
	}
}

// TestPaginateLinks checks every pager of lists up to 30 pages: the
// current page named once, the first and last named, pages in order, no
// gap for a single page, no two gaps side by side, and the URLs.
func TestPaginateLinks(t *testing.T) {
	for pages := 1; pages <= 30; pages++ {
		for n := 1; n <= pages; n++ {
			p := render.Paginate("/l/", pages*10, 10, n)
			s := pagerString(p)
			links := p.Links
			if links[0].Number != 1 || links[len(links)-1].Number != pages {
				t.Errorf("%s: first or last page not named", s)
			}
			current, prev := 0, 0
			for i, l := range links {
				if l.Current {
					current++
					if l.Number != n {
						t.Errorf("%s: page %d marked current", s, l.Number)
					}
				}
				if l.Gap() {
					if i == 0 || i == len(links)-1 || links[i+1].Gap() {
						t.Errorf("%s: a gap at an end or beside another", s)
					} else if links[i+1].Number-links[i-1].Number < 3 {
						t.Errorf("%s: a gap stands for fewer than two pages", s)
					}
					continue
				}
				if l.Number <= prev {
					t.Errorf("%s: pages out of order", s)
				}
				prev = l.Number
				want := "/l/"
				if l.Number > 1 {
					want = fmt.Sprintf("/l/page/%d/", l.Number)
				}
				if l.URL != want {
					t.Errorf("%s: page %d links to %s", s, l.Number, l.URL)
				}
			}
			if current != 1 {
				t.Errorf("%s: %d current pages", s, current)
			}
			if len(links) > 9 {
				t.Errorf("%s: %d entries; want at most 9", s, len(links))
			}
		}
	}
}
