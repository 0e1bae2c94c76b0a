package site

import (
	"net/url"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
)

// checkLinks reports every site link written in Markdown that goes to no
// page or file, and every "#id" that is not an id of its target page.
// byOut is the same jobs by output file.
func (b *builder) checkLinks(jobs []*job, byOut map[string]*job) {
	pageURLs := func() []string { // for suggestions: only a broken link needs them
		var urls []string
		for _, j := range jobs {
			if k := j.kind(); k != "alias" && k != "404" {
				urls = append(urls, j.url())
			}
		}
		return urls
	}
	for _, j := range jobs {
		for _, l := range j.links {
			if e := b.checkLink(j, l.Dest, byOut, pageURLs); e != nil {
				e.Path, e.Line = j.src.Path, l.Line
				b.errs.Add(e)
			}
		}
	}
}

// checkLink returns the problem of the link to dest on the page from, or
// nil; the caller sets where it is.
func (b *builder) checkLink(from *job, dest string, byOut map[string]*job, pageURLs func() []string) *content.Error {
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	target := from
	if p != "" {
		name, ok := b.resolve(p)
		if !ok && slices.Contains(b.unchecked, p) {
			return nil
		}
		if !ok {
			e := content.Errorf("", 0, "broken link %q: no page or file has that path", dest)
			e.Suggestion = content.Nearest(p, pageURLs())
			return e
		}
		target = byOut[name]
	}
	if frag == "" || target == nil {
		return nil
	}
	if unescaped, err := url.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	if target.ids.has(frag) {
		return nil
	}
	where := "this page"
	if target != from {
		where = target.url()
	}
	e := content.Errorf("", 0, "broken anchor %q: %s has no element with id %q", dest, where, frag)
	if near := content.Nearest(frag, target.ids.list()); near != "" {
		e.Suggestion = "#" + near
	}
	return e
}

// resolve finds the output file a site path names.
func (b *builder) resolve(p string) (string, bool) {
	name := outPath(p)
	if b.names[name] {
		return name, true
	}
	if !strings.HasSuffix(p, "/") {
		name = strings.TrimPrefix(p, "/") + "/index.html"
		if b.names[name] {
			return name, true
		}
	}
	return "", false
}
