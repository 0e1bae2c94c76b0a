package catalog_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// TestLifecyclePagesClaimTheirURLs checks that every page of a paginated
// /lifecycle/, the last one included, owns its URL: an alias there is an
// error naming the generated page.
func TestLifecyclePagesClaimTheirURLs(t *testing.T) {
	files := with(baseSite, map[string]string{
		"content/_index.md":       "---\ntitle: Catalog\npageSize: 2\n---\n",
		"content/images/a.md":     "---\nsummary: A.\ncategories: [base]\nversions:\n  - {version: \"1\", eol: 2030-01-01}\n  - {version: \"2\", eol: 2031-01-01}\n---\n",
		"content/images/b.md":     "---\nsummary: B.\ncategories: [base]\nversions:\n  - {version: \"1\", eol: 2030-01-01}\n---\n",
		"content/guides/about.md": "---\ntitle: About\naliases: [/lifecycle/page/2/]\n---\n",
	})
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	src, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = catalog.Build(src, catalog.Options{})
	if err == nil || !strings.Contains(err.Error(), "the generated page 2 of /lifecycle/") {
		t.Errorf("an alias at the last page of /lifecycle/ (3 versions, 2 a page): err = %v", err)
	}
}
