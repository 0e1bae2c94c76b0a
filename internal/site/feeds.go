package site

import (
	"bytes"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
)

// The feeds: iCalendar files of ends of life (the whole catalog's, each
// category's and each image's that has a dated version) and Atom feeds
// of images added and updated (the site's and each category's). They are
// made from the catalog and the day, like catalog.json.

// feedNames returns the output name of every feed of cat, in a fixed
// order.
func feedNames(cat *catalog.Catalog) []string {
	names := []string{"feed.xml", "lifecycle/eol.ics"}
	for _, c := range cat.Categories {
		names = append(names, "categories/"+c.Slug+"/eol.ics", "categories/"+c.Slug+"/feed.xml")
	}
	for _, img := range cat.Images {
		if hasEOL(img) {
			names = append(names, "images/"+img.Name+"/eol.ics")
		}
	}
	return names
}

// hasEOL reports whether an image has a version with an end-of-life date:
// only then has it a calendar.
func hasEOL(img *catalog.Image) bool {
	for _, v := range img.Versions {
		if !v.EOL.IsZero() {
			return true
		}
	}
	return false
}

// feeds makes every feed, handing each to put by output name.
func (b *builder) feeds(put func(name string, data []byte)) *content.Error {
	cat := b.cat
	title := cat.Site.Title
	put("lifecycle/eol.ics", b.calendar(title+": ends of life", cat.Images))
	if err := b.atom(put, "feed.xml", title, "/", cat.Images); err != nil {
		return err
	}
	for _, c := range cat.Categories {
		put("categories/"+c.Slug+"/eol.ics", b.calendar(title+", "+c.Title+": ends of life", c.Images))
		if err := b.atom(put, "categories/"+c.Slug+"/feed.xml", title+": "+c.Title, c.URL, c.Images); err != nil {
			return err
		}
	}
	for _, img := range cat.Images {
		if hasEOL(img) {
			put("images/"+img.Name+"/eol.ics", b.calendar(img.Title+": ends of life", []*catalog.Image{img}))
		}
	}
	return nil
}

func (b *builder) calendar(name string, imgs []*catalog.Image) []byte {
	var buf bytes.Buffer
	render.WriteICalendar(&buf, render.Calendar{
		Name: name, Host: b.base.Host, Today: b.cat.Today,
		Streams: catalog.Lifecycle(imgs, b.cat.Today),
		PageURL: func(img *catalog.Image) string { return b.absURL(img.URL) },
	})
	return buf.Bytes()
}

func (b *builder) atom(put func(name string, data []byte), name, title, page string, imgs []*catalog.Image) *content.Error {
	var buf bytes.Buffer
	err := render.WriteAtom(&buf, render.Feed{
		Title: title, Author: b.cat.Site.Title, SelfURL: "/" + name, PageURL: page,
		Images: imgs, Today: b.cat.Today, URL: b.absURL,
	})
	if err != nil {
		return content.Errorf(name, 0, "cannot encode: %v", err)
	}
	put(name, buf.Bytes())
	return nil
}
