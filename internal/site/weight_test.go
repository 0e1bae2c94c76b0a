package site_test

import (
	"fmt"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// maxPageWeight is the most a page may weigh, minified, at any catalog
// size: what a reader on a slow line can load.
const maxPageWeight = 300 << 10

// TestPageWeight builds a generated 10,000-image catalog with the
// built-in theme and checks that no page, of any kind, weighs more than
// maxPageWeight minified, and that the lists are paginated.
func TestPageWeight(t *testing.T) {
	const images = 10_000
	var mu sync.Mutex
	sizes := map[string]int{}
	opts := site.Options{Source: bigCatalog(images), Theme: sitegen.Theme, Minify: true, Today: today,
		Write: func(name string, data []byte) error {
			if path.Ext(name) == ".html" {
				mu.Lock()
				sizes[name] = len(data)
				mu.Unlock()
			}
			return nil
		}}
	if _, err := site.Build(opts); err != nil {
		t.Fatal(err)
	}
	heaviest := map[string]string{} // by kind of page, its heaviest
	for name, n := range sizes {
		kind := pageKind(name)
		if prev, ok := heaviest[kind]; !ok || n > sizes[prev] {
			heaviest[kind] = name
		}
		if n > maxPageWeight {
			t.Errorf("%s weighs %d KB; at most %d KB", name, n>>10, maxPageWeight>>10)
		}
	}
	for _, kind := range []string{"home", "images", "images page", "categories", "category", "category page", "image", "guide", "404", "lifecycle", "lifecycle page", "category lifecycle"} {
		name, ok := heaviest[kind]
		if !ok {
			t.Errorf("no %s page was built", kind)
			continue
		}
		t.Logf("heaviest %s: %s, %d KB", kind, name, sizes[name]>>10)
	}
	if _, ok := sizes["images/page/100/index.html"]; !ok {
		t.Error("no images/page/100/: /images/ is not in pages of 100")
	}
}

// pageKind names the kind of page of an output file, for the log.
func pageKind(name string) string {
	switch {
	case name == "index.html":
		return "home"
	case name == "404.html":
		return "404"
	case name == "images/index.html":
		return "images"
	case strings.HasPrefix(name, "images/page/"):
		return "images page"
	case name == "lifecycle/index.html":
		return "lifecycle"
	case strings.HasPrefix(name, "lifecycle/"):
		return "lifecycle page"
	case strings.Contains(name, "/lifecycle/"):
		return "category lifecycle"
	case name == "categories/index.html":
		return "categories"
	case strings.HasPrefix(name, "categories/") && strings.Contains(name, "/page/"):
		return "category page"
	case strings.HasPrefix(name, "categories/"):
		return "category"
	case strings.HasPrefix(name, "images/"):
		return "image"
	}
	return "guide"
}

// bigCatalog makes a catalog of n images in five categories that overlap
// a good deal, with a guide; every 20th image is featured and lists five
// related images; each has two version streams, whose ends of life
// spread over the lifecycle groups. Its lists are what grows with the
// catalog: the bodies are short.
func bigCatalog(n int) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/_index.md": file("---\ntitle: Big\ndescription: A generated catalog.\nplatforms: [linux/amd64, linux/arm64]\n" +
			"signing:\n  public: {issuer: https://token.actions.githubusercontent.com, identity: https://github.com/example/images/.github/workflows/release.yaml@refs/heads/main}\n" +
			"  production: {issuer: https://issuer.example.com, identityRegexp: 'https://issuer.example.com/(<a>|<b>)'}\n" +
			"attestations: [https://spdx.dev/Document, https://slsa.dev/provenance/v1]\n---\nMany images.\n"),
		"content/guides/_index.md": file("---\ntitle: Guides\n---\nRead [the images](/images/page/2/).\n"),
		"content/guides/start.md":  file("---\ntitle: Start\n---\n## Pull\n\nPull an image.\n"),
	}
	cats := []string{"starter", "base", "application", "fips", "ai"}
	for i, c := range cats {
		fsys["content/categories/"+c+".md"] = file(fmt.Sprintf(
			"---\ntitle: %s\nsummary: The %s images.\nweight: %d\nresponsibility:\n  vendor: [Patch the OS]\n  customer: [Patch what you add]\nmigration:\n  effort: low\n  steps: [Swap the FROM line]\n---\nAbout %s.\n", strings.ToUpper(c[:1])+c[1:], c, i, c))
	}
	name := func(i int) string { return fmt.Sprintf("image-%05d", i) }
	for i := range n {
		var in []string
		for k, c := range cats {
			if (i>>k)&1 == 1 || k == i%len(cats) {
				in = append(in, c)
			}
		}
		var extra strings.Builder
		if i%7 == 0 { // the trust keys: more platforms than the site's, a size
			fmt.Fprintf(&extra, "platforms: [linux/amd64, linux/arm64, linux/arm/v7, linux/ppc64le, linux/s390x]\nsize: %d.%d MB\n", i%900, i%10)
		}
		if i%20 == 0 {
			fmt.Fprintf(&extra, "featured: true\nrelated: [%s, %s, %s, %s, %s]\n", name((i+1)%n), name((i+2)%n), name((i+3)%n), name((i+4)%n), name((i+5)%n))
		}
		fsys["content/images/"+name(i)+".md"] = file(fmt.Sprintf(
			"---\ntitle: Image %d for a long-running service\nsummary: A hardened image for image %d, with its toolchain, its runtime and a summary as long as real ones are.\ncategories: [%s]\nreplaces: [example/image-%d:latest]\nversions:\n  - {version: \"%d.1\", eol: %s}\n  - {version: \"%d.0\"}\n%s---\n## Use\n\nRun it.\n",
			i, i, strings.Join(in, ", "), i, i, today.AddDate(0, 0, i%400-100).Format("2006-01-02"), i, extra.String()))
	}
	return fsys
}
