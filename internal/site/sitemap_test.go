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

// TestSitemapSplit builds a site of 120 images with small limits of URLs
// or bytes a sitemap file: sitemap.xml is then an index naming
// sitemap-1.xml, sitemap-2.xml, ... by absolute URL, each part is within
// the limits, and together they hold the URLs of the one sitemap.xml the
// same site has without limits, in its order. robots.txt still names
// sitemap.xml. Limits the site fits in leave the one file as it was, and
// the dev server's Generation names and makes the same files as Build.
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
	for _, limit := range []struct{ urls, bytes, atLeast int }{
		{urls: 40, atLeast: (len(want) + 39) / 40},
		{bytes: 3000, atLeast: len(whole["sitemap.xml"])/3000 + 1},
		{urls: len(want), bytes: len(whole["sitemap.xml"]) + 1000, atLeast: 1},
	} {
		t.Run(fmt.Sprintf("%d URLs, %d bytes", limit.urls, limit.bytes), func(t *testing.T) {
			site.SitemapLimits(&opts, limit.urls, limit.bytes)
			split := buildFiles(t, opts)
			if limit.atLeast == 1 {
				if !bytes.Equal(split["sitemap.xml"], whole["sitemap.xml"]) || split["sitemap-1.xml"] != nil {
					t.Errorf("within the limits the sitemap is not the one file as without them")
				}
				return
			}
			got := checkSitemapIndex(t, split, base, limit.urls, limit.bytes)
			if len(got) < limit.atLeast {
				t.Errorf("%d parts, want at least %d", len(got), limit.atLeast)
			}
			if all := slices.Concat(got...); !slices.Equal(all, want) {
				t.Errorf("the parts hold\n%q\nwant the URLs of the one sitemap\n%q", all, want)
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
		})
	}
}

// checkSitemapIndex checks that files has a sitemap index at sitemap.xml
// naming sitemap-1.xml, sitemap-2.xml, ... at base, and no other part,
// each with 1 to maxURLs URLs (when not 0) and at most maxBytes bytes
// (when not 0); it returns the URLs of each part.
func checkSitemapIndex(t *testing.T, files map[string][]byte, base string, maxURLs, maxBytes int) [][]string {
	t.Helper()
	var index sitemapIndex
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap index: %v\n%s", err, files["sitemap.xml"])
	}
	var parts [][]string
	for i, s := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if s.Loc != base+name {
			t.Errorf("sitemap %d is at %q, want %q", i+1, s.Loc, base+name)
		}
		var part urlset
		if err := xml.Unmarshal(files[name], &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := len(part.URLs); n == 0 || maxURLs > 0 && n > maxURLs {
			t.Errorf("%s has %d URLs, want 1 to %d", name, n, maxURLs)
		}
		if n := len(files[name]); maxBytes > 0 && n > maxBytes {
			t.Errorf("%s has %d bytes, more than %d", name, n, maxBytes)
		}
		parts = append(parts, locs(part))
	}
	if next := fmt.Sprintf("sitemap-%d.xml", len(parts)+1); files[next] != nil {
		t.Errorf("%s is made but not in the index", next)
	}
	return parts
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
