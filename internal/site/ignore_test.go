package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestThemeSkipsSideFiles checks that editors' and tools' side files in a
// site's templates/ and static/ are neither parsed nor published.
func TestThemeSkipsSideFiles(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":                {Data: []byte("---\ntitle: T\n---\n")},
		"content/categories/base.md":       {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n")},
		"content/images/go.md":             {Data: []byte("---\nsummary: Go.\ncategories: [base]\n---\n")},
		"templates/home.html___jb_tmp___":  {Data: []byte("{{broken")},
		"templates/partials/#header.html#": {Data: []byte("{{broken")},
		"templates/sedAb12Cd":              {Data: []byte("{{broken")},
		"templates/.image.html.swp":        {Data: []byte("{{broken")},
		"static/css/site.css~":             {Data: []byte("old")},
		"static/css/Xq3ZrT0a":              {Data: []byte("perl's temp")},
		"static/js/4913":                   {Data: []byte("")},
		"static/.cache/x.css":              {Data: []byte("hidden")},
	}
	res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	for _, name := range res.Output.Names() {
		for _, bad := range []string{"~", "Xq3ZrT0a", "4913", ".cache"} {
			if strings.Contains(name, bad) {
				t.Errorf("published %s", name)
			}
		}
	}
}
