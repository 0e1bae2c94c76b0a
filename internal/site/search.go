package site

import (
	"maps"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/search"
)

// searchDir is where the search index is published; the theme's search
// box reads search/index.json.
const searchDir = "search/"

// searchIndexName is the index's manifest, the one file of the index
// whose name does not change with its contents.
const searchIndexName = searchDir + "index.json"

// searchText is how much of a category's or documentation page's body the
// index reads; image bodies are not indexed.
const searchText = search.DefaultMaxText

// searchFiles makes the search index from the catalog alone (see package
// search), by output file: categories first, then documentation pages,
// then images, which is the order of results that rank the same. Each
// document is made as the index takes it, and let go after.
func (b *builder) searchFiles() map[string][]byte {
	cat := b.cat
	facet := search.Facet{Name: "category", Label: "Categories"}
	for _, c := range cat.Categories {
		facet.Values = append(facet.Values, search.Value{Key: c.Slug, Label: c.Title})
	}
	facets := []search.Facet{facet}
	if p := platformFacet(cat.Images); len(p.Values) > 0 {
		facets = append(facets, p)
	}
	if slices.ContainsFunc(cat.Images, func(img *catalog.Image) bool { return img.New }) {
		facets = append(facets, search.Facet{Name: newFacet, Label: "Recently added", Values: []search.Value{{Key: newValue, Label: "New"}}})
	}
	docs := func(yield func(search.Document) bool) {
		for _, c := range cat.Categories {
			if !yield(search.Document{
				Kind: "Category", URL: b.url(c.URL), Title: c.Title, Summary: c.Summary,
				Names: []string{c.Slug}, Text: categoryText(c, b.bodyText(c.Source)),
				Facets: map[string][]string{"category": {c.Slug}},
			}) {
				return
			}
		}
		for _, p := range cat.Pages {
			if !yield(search.Document{
				Kind: "Page", URL: b.url(p.URL), Title: p.Title, Summary: p.Summary, Text: b.bodyText(p.Source),
			}) {
				return
			}
		}
		for _, img := range cat.Images {
			if !yield(imageDocument(img, b.url(img.URL))) {
				return
			}
		}
	}
	files := search.Build(docs, search.Options{
		Kinds: []string{"Category", "Page", "Image"}, Facets: facets, MaxText: searchText,
	})
	out := make(map[string][]byte, len(files))
	for name, data := range files {
		out[searchDir+name] = data
	}
	return out
}

// categoryText is the text of a category's page: its body, then who
// patches what and the migration steps.
func categoryText(c *catalog.Category, body string) string {
	parts := append([]string{body}, c.Vendor...)
	parts = append(parts, c.Customer...)
	return strings.Join(append(parts, c.Steps...), "\n")
}

// imageDocument is what the index knows of an image: not its body, which
// at a few thousand images would outweigh the rest.
func imageDocument(img *catalog.Image, url string) search.Document {
	d := search.Document{
		Kind: "Image", URL: url, Title: img.Title, Summary: img.Summary, Names: []string{img.Name},
		Facets: map[string][]string{},
	}
	d.Keywords = append(d.Keywords, img.Replaces...)
	d.Keywords = append(d.Keywords, img.Tags...)
	for _, c := range img.Categories {
		d.Keywords = append(d.Keywords, c.Title)
		d.Facets["category"] = append(d.Facets["category"], c.Slug)
	}
	if len(img.Platforms) > 0 {
		d.Facets["platform"] = img.Platforms
	}
	if img.New {
		d.Facets[newFacet] = []string{newValue}
	}
	return d
}

// The facet "Recently added" narrows the results to the images that are
// new on the build day (catalog.Image.New), which show it as a badge "New";
// a catalog with none has no such facet.
const (
	newFacet = "added"
	newValue = "new"
)

// platformFacet is the platforms the images run on, in order, as a
// facet; it has no values when no image names a platform.
func platformFacet(imgs []*catalog.Image) search.Facet {
	f := search.Facet{Name: "platform", Label: "Platforms"}
	seen := map[string]bool{}
	for _, img := range imgs {
		for _, p := range img.Platforms {
			seen[p] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(seen)) {
		f.Values = append(f.Values, search.Value{Key: p, Label: p})
	}
	return f
}

// bodyText is a body's plain text, read again from the source when the
// build let go of it (see dropBodies). A body that cannot be read adds no
// words: its page reports the problem.
func (b *builder) bodyText(src catalog.Source) string {
	src = *b.source(&src)
	body := src.Body
	if body == nil && src.Path != "" {
		var err error
		if body, _, err = content.ReadBody(b.opts.Source, src.Path, src.Front); err != nil {
			return ""
		}
	}
	return b.md.PlainText(body, searchText)
}
