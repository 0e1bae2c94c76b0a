package site_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// The shapes of a sitemap and of a sitemap index (sitemaps.org).
type (
	urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	sitemapIndex struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
)

// TestSitemapSplit builds a site of 120 images with at most 40 URLs a
// sitemap file: sitemap.xml is then an index naming sitemap-1.xml,
// sitemap-2.xml, ... by absolute URL, each part holds at most 40 URLs, and
// together they hold the URLs of the one sitemap.xml the same site has
// without the limit, in its order. robots.txt still names sitemap.xml. A
// limit the site fits in leaves the one file as it was, and the dev
// server's Generation names and makes the same files as Build.
func TestSitemapSplit(t *testing.T) {
	const base = "https://example.org/docs/"
	opts := site.Options{Source: bigCatalog(120), Theme: sitegen.Theme, BaseURL: base, Minify: true, Today: today}
	whole := buildFiles(t, opts)
	var all urlset
	if err := xml.Unmarshal(whole["sitemap.xml"], &all); err != nil {
		t.Fatalf("sitemap.xml without a limit: %v", err)
	}
	want := locs(all)
	if len(want) < 120 {
		t.Fatalf("only %d URLs in the sitemap of 120 images", len(want))
	}

	site.SitemapURLs(&opts, 40)
	split := buildFiles(t, opts)
	var index sitemapIndex
	if err := xml.Unmarshal(split["sitemap.xml"], &index); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap index: %v\n%s", err, split["sitemap.xml"])
	}
	parts := (len(want) + 39) / 40
	if len(index.Sitemaps) != parts {
		t.Fatalf("the index names %d sitemaps, want %d for %d URLs", len(index.Sitemaps), parts, len(want))
	}
	var got []string
	for i, s := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if s.Loc != base+name {
			t.Errorf("sitemap %d is at %q, want %q", i+1, s.Loc, base+name)
		}
		var part urlset
		if err := xml.Unmarshal(split[name], &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := len(part.URLs); n == 0 || n > 40 {
			t.Errorf("%s has %d URLs, want 1 to 40", name, n)
		}
		got = append(got, locs(part)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("the parts hold\n%q\nwant the URLs of the one sitemap\n%q", got, want)
	}
	if _, ok := split[fmt.Sprintf("sitemap-%d.xml", parts+1)]; ok {
		t.Errorf("sitemap-%d.xml is made but not in the index", parts+1)
	}
	if !strings.Contains(string(split["robots.txt"]), "Sitemap: "+base+"sitemap.xml\n") {
		t.Errorf("robots.txt does not name sitemap.xml:\n%s", split["robots.txt"])
	}

	g := site.Open(opts, site.NewStore(1<<20))
	for name, data := range split {
		if !strings.HasPrefix(name, "sitemap") {
			continue
		}
		if !slices.Contains(g.Names(), name) {
			t.Errorf("the Generation does not name %s", name)
		}
		if made, err := g.File(name); err != nil || !bytes.Equal(made, data) {
			t.Errorf("the Generation's %s differs from Build's (%v)", name, err)
		}
	}

	site.SitemapURLs(&opts, len(want))
	if fits := buildFiles(t, opts); !bytes.Equal(fits["sitemap.xml"], whole["sitemap.xml"]) || fits["sitemap-1.xml"] != nil {
		t.Errorf("with a limit of %d URLs, the site's own count, the sitemap is not the one file", len(want))
	}
}

func locs(s urlset) []string {
	out := make([]string, len(s.URLs))
	for i, u := range s.URLs {
		out[i] = u.Loc
	}
	return out
}

// buildFiles builds opts into memory and returns every file by name.
func buildFiles(t *testing.T, opts site.Options) map[string][]byte {
	t.Helper()
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, name := range res.Output.Names() {
		out[name], _ = res.Output.File(name)
	}
	return out
}
