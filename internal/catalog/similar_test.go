package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/catalog"
)

// TestSimilarBesideManyRelated checks that an image with many related
// images still gets five similar ones when its category has them: the
// related images are skipped, not counted against the five.
func TestSimilarBesideManyRelated(t *testing.T) {
	files := with(baseSite, nil)
	for _, name := range strings.Fields("a b c d e f g h i j") {
		related := ""
		if name == "a" {
			related = "related: [b, c, d, e]\n"
		}
		files["content/images/"+name+".md"] = "---\nsummary: " + name + ".\ncategories: [base]\n" + related + "---\n"
	}
	cat := build(t, catalog.Options{}, files)
	a := cat.Images[slices.IndexFunc(cat.Images, func(img *catalog.Image) bool { return img.Name == "a" })]
	var got []string
	for _, s := range a.Similar {
		got = append(got, s.Name)
	}
	if strings.Join(got, " ") != "f g h i j" {
		t.Errorf("similar to a, related to b to e: %q, want f to j", got)
	}
}
