package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/site"
)

// TestEscapedLinksResolve checks that the link check reads a link's path
// and fragment percent-decoded, as a browser does: an escaped link to a
// page and heading that exist is not broken, and one to a heading that
// does not exist is.
func TestEscapedLinksResolve(t *testing.T) {
	opts := smallSite(t)
	m := opts.Source.(fstest.MapFS)
	edit(t, m, "content/images/python.md", "See [the guide](/guides/migrating/).", "See [the guide](/guides/migr%61ting/#st%65ps).")
	if _, err := site.Build(opts); err != nil {
		t.Fatalf("an escaped link to /guides/migrating/#steps: %v", err)
	}
	edit(t, m, "content/images/python.md", "#st%65ps", "#st%65p")
	if _, err := site.Build(opts); err == nil || !strings.Contains(err.Error(), "content/images/python.md") {
		t.Fatalf("an escaped link to a heading that does not exist: err = %v", err)
	}
}
