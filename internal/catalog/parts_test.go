package catalog_test

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// TestBuildOnAllCores checks that a catalog large enough to be built on
// several cores is the one built on one, problems included: images in
// several categories, related images, FIPS variants named and implied
// (two naming one variant), and unknown categories and images.
func TestBuildOnAllCores(t *testing.T) {
	fsys := fstest.MapFS{}
	for p, s := range baseSite {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	cats := []string{"[base]", "[starter, base]", "[application, base]", "[application]", "[bsae]", "[base, base]"}
	for i := range 5000 {
		text := fmt.Sprintf("---\nsummary: Image %d.\ncategories: %s\n", i, cats[i%len(cats)])
		switch {
		case i%1000 == 0: // a hint looks through every name
			text += fmt.Sprintf("related: [img-%d, nope-%d]\n", i+1, i)
		case i%7 == 0:
			text += fmt.Sprintf("related: [img-%d, img-%d]\n", (i+1)%5000, (i+2)%5000)
		}
		if i%11 == 0 {
			text += fmt.Sprintf("fips: img-%d-fips\n", i-i%33) // which is there; three name one
		}
		fsys[fmt.Sprintf("content/images/img-%d.md", i)] = &fstest.MapFile{Data: []byte(text + "---\n")}
		if i%3 == 0 {
			fsys[fmt.Sprintf("content/images/img-%d-fips.md", i)] = &fstest.MapFile{Data: []byte("---\nsummary: FIPS.\ncategories: [base]\n---\n")}
		}
	}
	site, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	build := func(procs int) (*catalog.Catalog, error) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		return catalog.Build(site, catalog.Options{})
	}
	one, oneErr := build(1)
	all, allErr := build(4)
	if oneErr == nil || allErr == nil || oneErr.Error() != allErr.Error() {
		t.Fatalf("problems differ:\none core: %.500v\nfour: %.500v", oneErr, allErr)
	}
	if !reflect.DeepEqual(one, all) {
		t.Error("the catalog built on four cores is not the one built on one")
	}
}
