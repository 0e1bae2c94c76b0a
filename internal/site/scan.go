package site

import (
	"maps"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// readReports reads the scanner reports the images name, again on every
// build and Generation (so that an edited report is seen), and returns
// the catalog options with them.
func (b *builder) readReports(src *content.Site) catalog.Options {
	reports, err := content.ReadReports(b.opts.Source, src.Documents)
	b.errs.Merge("content", err)
	return catalog.Options{Drafts: b.opts.Drafts, Today: b.opts.Today, Reports: reports}
}

// unpublished drops the scanner reports from the content resources: a
// report an image names is read, never copied to the output.
func unpublished(resources []content.Resource, reports map[string]*content.Report) []content.Resource {
	var out []content.Resource
	for _, r := range resources {
		if _, ok := reports[r.Path]; !ok {
			out = append(out, r)
		}
	}
	return out
}

// sameReports reports whether a and b name the same report files.
func sameReports(a, b map[string]*content.Report) bool {
	return maps.EqualFunc(a, b, func(*content.Report, *content.Report) bool { return true })
}
