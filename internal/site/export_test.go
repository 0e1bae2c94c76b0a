package site

import "github.com/sitegen/sitegen/internal/catalog"

// DropAllBodies makes a streamed build with opts let go of every page's
// Markdown after parsing and read it again when the page renders, as the
// build of a big site does.
func DropAllBodies(opts *Options) { opts.bodyBudget = -1 }

// SitemapLimits makes a build with opts put at most urls URLs and size
// bytes in one sitemap file (0: the protocol's limit).
func SitemapLimits(opts *Options, urls, size int) { opts.sitemapURLs, opts.sitemapBytes = urls, size }

// SharesCatalog reports whether two Generations share their catalog, as
// one after an edit of image bodies only does (nextBodies).
func SharesCatalog(a, b *Generation) bool { return a.b.cat == b.b.cat }

// AskFor counts a page as being made for File until release is called.
func AskFor(s *Store) (release func()) { return s.asked() }

// Made is how many pages s holds, made or being made.
func Made(s *Store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pages)
}

// MinifyPage minifies a whole page as a build did before the theme was
// minified when parsed (see render.ThemeOptions).
func MinifyPage(data []byte) []byte {
	b := &builder{opts: Options{Minify: true}, minifier: newMinifier()}
	return b.minify("text/html", data)
}

// CatalogOf returns the catalog g's pages are made from.
func CatalogOf(g *Generation) *catalog.Catalog { return g.b.cat }
