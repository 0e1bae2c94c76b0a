package site

// DropAllBodies makes a streamed build with opts let go of every page's
// Markdown after parsing and read it again when the page renders, as the
// build of a big site does.
func DropAllBodies(opts *Options) { opts.bodyBudget = -1 }

// SitemapURLs makes a build with opts put at most n URLs in one sitemap
// file.
func SitemapURLs(opts *Options, n int) { opts.sitemapURLs = n }
