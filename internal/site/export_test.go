package site

// DropAllBodies makes a streamed build with opts let go of every page's
// Markdown after parsing and read it again when the page renders, as the
// build of a big site does.
func DropAllBodies(opts *Options) { opts.bodyBudget = -1 }

// SharesCatalog reports whether two Generations share their catalog, as
// one after an edit of image bodies only does (nextBodies).
func SharesCatalog(a, b *Generation) bool { return a.b.cat == b.b.cat }
