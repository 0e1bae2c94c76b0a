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
			names = append(names, imageCalendarName(img))
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

// feeds makes every feed, handing each to put by output name; the
// images' calendars only when images is set (Build makes those with the
// image pages instead: see renderJob). The version streams are the
// lifecycle lists' (b.life), sorted once for the lists and the feeds:
// each category's are a part of the catalog's. When scratch is not
// nil, put keeps none of the bytes it is given, and the catalog's and the
// categories' calendars are made one after another in *scratch (at 10,000
// images they are 30 MB, which each allocated anew).
func (b *builder) feeds(put func(name string, data []byte), images bool, scratch *[]byte) *content.Error {
	cat := b.cat
	title := cat.Site.Title
	every := func(list *lifecycleList) []catalog.Stream { return b.life.streams(cat, list, 0, b.life.len(cat, list)) }
	all := every(&lifecycleList{})
	calendar := func(name, calName string, streams []catalog.Stream) {
		if scratch == nil {
			put(name, b.calendar(nil, calName, streams))
			return
		}
		*scratch = b.calendar((*scratch)[:0], calName, streams)
		put(name, *scratch)
	}
	calendar("lifecycle/eol.ics", title+": ends of life", all)
	if err := b.atom(put, "feed.xml", title, "/", cat.Images); err != nil {
		return err
	}
	for _, c := range cat.Categories {
		calendar("categories/"+c.Slug+"/eol.ics", title+", "+c.Title+": ends of life", every(&lifecycleList{category: c}))
		if err := b.atom(put, "categories/"+c.Slug+"/feed.xml", title+": "+c.Title, c.URL, c.Images); err != nil {
			return err
		}
	}
	if !images {
		return nil
	}
	for _, img := range cat.Images {
		if hasEOL(img) {
			put(imageCalendarName(img), b.imageCalendar(nil, img))
		}
	}
	return nil
}

// imageCalendarName is the output name of an image's calendar.
func imageCalendarName(img *catalog.Image) string { return "images/" + img.Name + "/eol.ics" }

// imageCalendar appends the calendar of img's version streams to dst.
func (b *builder) imageCalendar(dst []byte, img *catalog.Image) []byte {
	return b.calendar(dst, img.Title+": ends of life", catalog.Lifecycle([]*catalog.Image{img}, b.cat.Today))
}

// calendar appends the calendar of streams, named name, to dst.
func (b *builder) calendar(dst []byte, name string, streams []catalog.Stream) []byte {
	return render.AppendICalendar(dst, render.Calendar{
		Name: name, Host: b.base.Host, Today: b.cat.Today, Streams: streams,
		PageURL: func(img *catalog.Image) string { return b.absURL(img.URL) },
	})
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
