package site

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
)

// The sitemaps protocol (sitemaps.org) allows one sitemap file at most
// 50,000 URLs and 50 MiB (52,428,800 bytes) before compression. A site
// with more has several, sitemap-1.xml, sitemap-2.xml, ..., and
// sitemap.xml is then a sitemap index that names them, so that
// robots.txt and search engines keep finding everything at sitemap.xml.
const (
	sitemapMaxURLs  = 50_000
	sitemapMaxBytes = 50 << 20
)

const (
	sitemapHead = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n"
	sitemapTail = "</urlset>\n"
)

// sitemaps makes the sitemap of the pages of jobs, one file or an index
// and its parts, handing each file to put.
func (b *builder) sitemaps(jobs []*job, put func(name string, data []byte)) {
	parts := 0
	var buf bytes.Buffer
	buf.WriteString(sitemapHead)
	flush := func(name string) {
		buf.WriteString(sitemapTail)
		put(name, b.minify("application/xml", buf.Bytes()))
		buf.Reset()
		buf.WriteString(sitemapHead)
	}
	b.sitemapSplit(jobs, func(entry []byte, cut bool) {
		if cut {
			parts++
			flush(sitemapPart(parts))
		}
		buf.Write(entry)
	})
	if parts == 0 {
		flush("sitemap.xml")
		return
	}
	parts++
	flush(sitemapPart(parts))
	put("sitemap.xml", b.minify("application/xml", b.sitemapIndex(parts)))
}

// sitemapNames returns the names of the sitemap's parts, sitemap-1.xml
// and on, when sitemap.xml is an index; nil when it is the sitemap.
func (b *builder) sitemapNames(jobs []*job) []string {
	parts := 1
	b.sitemapSplit(jobs, func(_ []byte, cut bool) {
		if cut {
			parts++
		}
	})
	if parts == 1 {
		return nil
	}
	names := make([]string, parts)
	for i := range names {
		names[i] = sitemapPart(i + 1)
	}
	return names
}

func sitemapPart(n int) string { return fmt.Sprintf("sitemap-%d.xml", n) }

// sitemapSplit calls each with the <url> element of every page of jobs
// in the sitemap (redirects and the 404 page are not), in order, and
// whether a new file starts with it: one holds at most the protocol's
// limits of URLs and bytes (or the test's, Options.sitemapURLs and
// sitemapBytes), counted before minifying. entry is only valid during the
// call.
func (b *builder) sitemapSplit(jobs []*job, each func(entry []byte, cut bool)) {
	maxURLs := cmp.Or(b.opts.sitemapURLs, sitemapMaxURLs)
	room := cmp.Or(b.opts.sitemapBytes, sitemapMaxBytes) - len(sitemapHead) - len(sitemapTail)
	var entry bytes.Buffer
	urls, size := 0, 0
	for _, j := range jobs {
		if k := j.kind(); k == "alias" || k == "404" {
			continue
		}
		entry.Reset()
		entry.WriteString("  <url><loc>")
		xml.EscapeText(&entry, []byte(b.absURL(j.url())))
		entry.WriteString("</loc>")
		if m := j.lastmod(); m != "" {
			entry.WriteString("<lastmod>" + m + "</lastmod>")
		}
		entry.WriteString("</url>\n")
		cut := urls > 0 && (urls == maxURLs || size+entry.Len() > room)
		if cut {
			urls, size = 0, 0
		}
		urls++
		size += entry.Len()
		each(entry.Bytes(), cut)
	}
}

// sitemapIndex is sitemap.xml when the sitemap has parts parts.
func (b *builder) sitemapIndex(parts int) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := range parts {
		buf.WriteString("  <sitemap><loc>")
		xml.EscapeText(&buf, []byte(b.absURL("/"+sitemapPart(i+1))))
		buf.WriteString("</loc></sitemap>\n")
	}
	buf.WriteString("</sitemapindex>\n")
	return buf.Bytes()
}
