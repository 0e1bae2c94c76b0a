package catalog_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/golden"
)

// TestGolden builds a catalog from each testdata/*.txtar archive. The
// archive's files under content/ are the site; its other sections are:
//
//	options  optional input: "drafts" and "today YYYY-MM-DD" lines
//	errors   every error of content.Load and catalog.Build, one a line
//	catalog  the model, as dumpCatalog writes it
//
// go test -update rewrites errors and catalog.
func TestGolden(t *testing.T) {
	golden.Run(t, "testdata/*.txtar", []string{"errors", "catalog"}, func(t *testing.T, ar *txtar.Archive) map[string]string {
		fsys := fstest.MapFS{}
		var opts catalog.Options
		for _, f := range ar.Files {
			switch {
			case f.Name == "options":
				opts = parseOptions(t, string(f.Data))
			case strings.HasPrefix(f.Name, "content/"):
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
		}
		site, loadErr := content.Load(fsys)
		cat, buildErr := catalog.Build(site, opts)
		if cat == nil {
			t.Fatal("Build returned no catalog")
		}
		return map[string]string{
			"errors":  golden.ErrorLines(loadErr, buildErr),
			"catalog": string(dumpCatalog(cat)),
		}
	})
}

func parseOptions(t *testing.T, s string) catalog.Options {
	var opts catalog.Options
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		switch f := strings.Fields(line); {
		case len(f) == 1 && f[0] == "drafts":
			opts.Drafts = true
		case len(f) == 2 && f[0] == "today":
			d, err := time.Parse("2006-01-02", f[1])
			if err != nil {
				t.Fatal(err)
			}
			opts.Today = d
		default:
			t.Fatalf("unknown option %q", line)
		}
	}
	return opts
}

// dumpCatalog writes the model in a compact text form, one thing a line.
func dumpCatalog(cat *catalog.Catalog) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	s := cat.Site
	p("site %q registry=%s production=%s", s.Title, s.Registry, s.ProductionRegistry)
	if len(s.Platforms) > 0 || len(s.Attestations) > 0 {
		p("  platforms=%s attestations=%s", s.Platforms, s.Attestations)
	}
	for _, c := range cat.Categories {
		p("category %s %q weight=%d url=%s images=%s", c.Slug, c.Title, c.Weight, c.URL, names(c.Images))
		for _, o := range c.Overlaps {
			p("  overlap %s %d %s", o.Category.Slug, c.Shared(o.Category), names(o.Images))
		}
	}
	for _, img := range cat.Images {
		p("image %s %q url=%s categories=%s", img.Name, img.Title, img.URL, slugs(img.Categories))
		if img.FIPS != nil || img.FIPSOf != nil {
			p("  fips=%s fipsOf=%s", name(img.FIPS), name(img.FIPSOf))
		}
		if len(img.Related) > 0 {
			p("  related=%s", names(img.Related))
		}
		if len(img.Similar) > 0 {
			p("  similar=%s", names(img.Similar))
		}
		for _, v := range img.Versions {
			eol := "-"
			if !v.EOL.IsZero() {
				eol = v.EOL.Format("2006-01-02")
			}
			p("  version %s eol=%s past=%t", v.Version, eol, v.Past)
		}
		for _, n := range img.Notes.Vendor {
			p("  vendor %q %s", n.Text, slugs(n.Categories))
		}
		for _, n := range img.Notes.Customer {
			p("  customer %q %s", n.Text, slugs(n.Categories))
		}
		for _, n := range img.Notes.Steps {
			p("  step %q %s", n.Text, slugs(n.Categories))
		}
		if img.Notes.Effort != "" {
			var each []string
			for _, e := range img.Notes.Efforts {
				each = append(each, e.Category.Slug+"="+e.Level)
			}
			p("  effort %s (%s)", img.Notes.Effort, strings.Join(each, " "))
		}
		if len(img.Aliases) > 0 {
			p("  aliases=%q", img.Aliases)
		}
		if len(img.Platforms) > 0 || img.Size != "" {
			p("  platforms=%s size=%q", img.Platforms, img.Size)
		}
		if reg, sig := s.Tier(img); sig != nil {
			p("  tier %s issuer=%s identity=%q identityRegexp=%q", reg, sig.Issuer, sig.Identity, sig.IdentityRegexp)
		}
	}
	for _, pg := range cat.Pages {
		p("page %s %q", pg.URL, pg.Title)
		if len(pg.Aliases) > 0 {
			p("  aliases=%q", pg.Aliases)
		}
	}
	return b.Bytes()
}

func name(img *catalog.Image) string {
	if img == nil {
		return "-"
	}
	return img.Name
}

func names(imgs []*catalog.Image) string {
	s := make([]string, len(imgs))
	for i, img := range imgs {
		s[i] = img.Name
	}
	return "[" + strings.Join(s, " ") + "]"
}

func slugs(cats []*catalog.Category) string {
	s := make([]string, len(cats))
	for i, c := range cats {
		s[i] = c.Slug
	}
	return "[" + strings.Join(s, " ") + "]"
}
