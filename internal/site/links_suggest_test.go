package site_test

import (
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestBrokenLinkSuggestsPages checks what a broken link's error suggests:
// the page whose path is nearest, never an alias (a redirect to a page, not
// a page to link to) nor the 404 page.
func TestBrokenLinkSuggestsPages(t *testing.T) {
	src := lifecycleSite("/")
	src["content/guides/subscribe.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Subscribe\naliases: [/old-subscribe/]\n---\n")}
	src["content/guides/links.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Links\n---\n" +
		"[nginx](/images/ngnix/)\n\n[old](/old-subscrib/)\n\n[missing](/404.htm)\n")}
	_, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Today: nov30})
	want := `content/guides/links.md:4: broken link "/images/ngnix/": no page or file has that path; did you mean "/images/nginx/"?` + "\n" +
		`content/guides/links.md:6: broken link "/old-subscrib/": no page or file has that path` + "\n" +
		`content/guides/links.md:8: broken link "/404.htm": no page or file has that path`
	if got := errText(err); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
