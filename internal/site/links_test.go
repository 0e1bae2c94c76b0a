package site_test

import (
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

var (
	hrefRE = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// TestBundledSiteLinks builds the bundled catalog at a host's root and
// under a sub-path and follows every link of every page: each one that
// stays on the site must reach a file, and each #fragment an element.
func TestBundledSiteLinks(t *testing.T) {
	for _, base := range []string{"/", "https://example.org/docs/"} {
		t.Run(base, func(t *testing.T) {
			res, err := site.Build(site.Options{
				Source: os.DirFS("../.."), Theme: sitegen.Theme, BaseURL: base, Minify: true, Today: today,
			})
			if err != nil {
				t.Fatalf("the bundled site does not build:\n%v", err)
			}
			checkAllLinks(t, res.Output, base)
		})
	}
}

func checkAllLinks(t *testing.T, out *site.Output, base string) {
	t.Helper()
	u, _ := url.Parse(base)
	prefix := u.Path
	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if m, ok := ids[name]; ok {
			return m
		}
		m := map[string]bool{}
		data, _ := out.File(name)
		for _, match := range idRE.FindAllSubmatch(data, -1) {
			m[string(match[1])] = true
		}
		ids[name] = m
		return m
	}
	checked := 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		data, _ := out.File(name)
		for _, m := range hrefRE.FindAllSubmatch(data, -1) {
			link := string(m[1])
			target, ok := resolveLink(name, link, u.Host, prefix)
			if !ok {
				continue // another site, or mailto:
			}
			checked++
			p, frag, _ := strings.Cut(target, "#")
			if p == "" {
				p = name
			} else if _, ok := out.File(p); !ok {
				t.Errorf("%s: link %q goes nowhere (%s)", name, link, p)
				continue
			}
			if frag != "" && !idsOf(p)[frag] {
				t.Errorf("%s: link %q: %s has no id %q", name, link, p, frag)
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d internal links checked; the bundled site should have far more", checked)
	}
}

// resolveLink maps a link on page name to an output file (and fragment).
func resolveLink(name, link, host, prefix string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host != host || host == "" {
			return "", false
		}
	}
	p := u.Path
	switch {
	case p == "":
		return "#" + u.Fragment, true
	case strings.HasPrefix(p, "/"):
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			return "missing-prefix" + p, true
		}
		p = rest
	default:
		p = path.Join(path.Dir(name), p)
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if u.Fragment != "" {
		p += "#" + u.Fragment
	}
	return p, true
}
