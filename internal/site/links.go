package site

import (
	"fmt"
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
			if j.page.Kind != "alias" && j.page.Kind != "404" {
				urls = append(urls, j.page.URL)
			}
		}
		return urls
	}
	for _, j := range jobs {
		for _, l := range j.links {
			if msg := b.checkLink(j, l.Dest, byOut, pageURLs); msg != "" {
				b.errs.Addf(j.src.Path, l.Line, "%s", msg)
			}
		}
	}
}

func (b *builder) checkLink(from *job, dest string, byOut map[string]*job, pageURLs func() []string) string {
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	target := from
	if p != "" {
		name, ok := b.resolve(p)
		if !ok && slices.Contains(b.unchecked, p) {
			return ""
		}
		if !ok {
			msg := fmt.Sprintf("broken link %q: no page or file has that path", dest)
			if near := content.Nearest(p, pageURLs()); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			return msg
		}
		target = byOut[name]
	}
	if frag == "" || target == nil {
		return ""
	}
	if unescaped, err := url.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	if target.ids.has(frag) {
		return ""
	}
	where := "this page"
	if target != from {
		where = target.page.URL
	}
	msg := fmt.Sprintf("broken anchor %q: %s has no element with id %q", dest, where, frag)
	if near := content.Nearest(frag, target.ids.list()); near != "" {
		msg += fmt.Sprintf("; did you mean \"#%s\"?", near)
	}
	return msg
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
