package site

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/scan"
)

// extras adds sitemap.xml, robots.txt, catalog.json, the feeds but the
// images' calendars (each image page's job makes its image's: see
// renderJob) and the search index. It reads only the catalog and what plan
// set, so it may run while the pages render. Each file goes out as it is
// made: the feeds of a big catalog are tens of megabytes, which a build
// should not hold.
func (b *builder) extras(jobs []*job) {
	var scratch *[]byte
	if b.opts.Write != nil {
		scratch = new([]byte) // put writes each file out before it returns
	}
	if err := b.extraFilesOf(jobs, b.put, false, scratch); err != nil {
		b.addErr("catalog.json", err)
	}
	search := b.searchFiles()
	for _, name := range slices.Sorted(maps.Keys(search)) {
		b.put(name, search[name])
	}
}

// extraFiles makes sitemap.xml (and its parts, see sitemaps), robots.txt, catalog.json and the feeds
// (feedNames), handing each to put. It changes nothing; on error
// catalog.json or a feed is missing.
func (b *builder) extraFiles(jobs []*job, put func(name string, data []byte)) *content.Error {
	return b.extraFilesOf(jobs, put, true, nil)
}

// extraFilesOf is extraFiles, with the images' calendars only when
// calendars is set, and the feeds' scratch memory (see feeds).
func (b *builder) extraFilesOf(jobs []*job, put func(name string, data []byte), calendars bool, scratch *[]byte) *content.Error {
	b.sitemaps(jobs, put)
	put("robots.txt", b.robots())
	if err := b.feeds(put, calendars, scratch); err != nil {
		return err
	}
	data, err := b.catalogJSON()
	if err != nil {
		return content.Errorf("catalog.json", 0, "cannot encode: %v", err)
	}
	put("catalog.json", data)
	return nil
}

func (b *builder) robots() []byte {
	s := "User-agent: *\nAllow: /\n"
	if b.base.Host != "" {
		s += fmt.Sprintf("\nSitemap: %s\n", b.absURL("/sitemap.xml"))
	}
	return []byte(s)
}

// The shape of catalog.json, stable field names for scripts: an object
// of "site" (jsonSite), "categories" (jsonCategory, in the catalog's
// order) and "images" (jsonImage, by name).

type jsonSite struct {
	Title              string    `json:"title"`
	Description        string    `json:"description,omitempty"`
	BaseURL            string    `json:"baseURL"`
	Registry           string    `json:"registry"`
	ProductionRegistry string    `json:"productionRegistry"`
	Platforms          []string  `json:"platforms"`
	Signing            jsonTiers `json:"signing"`
	Attestations       []string  `json:"attestations"`
}

// jsonTiers is how each registry tier is signed; a tier the site says
// nothing of is left out.
type jsonTiers struct {
	Public     *jsonSigning `json:"public,omitempty"`
	Production *jsonSigning `json:"production,omitempty"`
}

type jsonSigning struct {
	Issuer         string `json:"issuer"`
	Identity       string `json:"identity,omitempty"`
	IdentityRegexp string `json:"identityRegexp,omitempty"`
}

func newJSONSigning(s *catalog.Signing) *jsonSigning {
	if s == nil {
		return nil
	}
	return &jsonSigning{Issuer: s.Issuer, Identity: s.Identity, IdentityRegexp: s.IdentityRegexp}
}

type jsonCategory struct {
	Slug           string             `json:"slug"`
	Title          string             `json:"title"`
	Summary        string             `json:"summary"`
	Weight         int                `json:"weight"`
	URL            string             `json:"url"`
	Responsibility jsonResponsibility `json:"responsibility"`
	Migration      jsonMigration      `json:"migration"`
	Images         []string           `json:"images"`
	Overlaps       map[string]int     `json:"overlaps"`
	Scan           *jsonTotals        `json:"scan,omitempty"`
}

// jsonTotals adds up the reports of a category's images.
type jsonTotals struct {
	Scanned int         `json:"scanned"`
	Counts  scan.Counts `json:"counts"`
}

type jsonResponsibility struct {
	Vendor   []string `json:"vendor"`
	Customer []string `json:"customer"`
}

type jsonMigration struct {
	Effort string   `json:"effort,omitempty"`
	Steps  []string `json:"steps"`
}

type jsonImage struct {
	Name          string        `json:"name"`
	Title         string        `json:"title"`
	Summary       string        `json:"summary"`
	URL           string        `json:"url"`
	Pull          string        `json:"pull"`
	Categories    []string      `json:"categories"`
	Upstream      string        `json:"upstream,omitempty"`
	Tags          []string      `json:"tags"`
	Versions      []jsonVersion `json:"versions"`
	User          string        `json:"user,omitempty"`
	Shell         *bool         `json:"shell,omitempty"`
	Entrypoint    string        `json:"entrypoint,omitempty"`
	Workdir       string        `json:"workdir,omitempty"`
	Compatibility []string      `json:"compatibility"`
	Replaces      []string      `json:"replaces"`
	Featured      bool          `json:"featured"`
	Related       []string      `json:"related"`
	FIPS          string        `json:"fips,omitempty"`
	FIPSOf        string        `json:"fipsOf,omitempty"`
	Draft         bool          `json:"draft,omitempty"`
	Lastmod       string        `json:"lastmod,omitempty"`
	Date          string        `json:"date,omitempty"`
	Aliases       []string      `json:"aliases"`
	Platforms     []string      `json:"platforms"`
	Size          string        `json:"size,omitempty"`
	Scan          *jsonScan     `json:"scan,omitempty"`
}

// jsonScan is what catalog.json says of an image's scanner reports.
type jsonScan struct {
	Report   *jsonReport `json:"report,omitempty"`
	Upstream *jsonReport `json:"upstream,omitempty"`
}

type jsonReport struct {
	Scanner string      `json:"scanner"`
	Version string      `json:"version,omitempty"`
	Date    string      `json:"date,omitempty"`
	Image   string      `json:"image,omitempty"`
	Digest  string      `json:"digest,omitempty"`
	Stale   bool        `json:"stale"`
	Counts  scan.Counts `json:"counts"`
}

func newJSONScan(s catalog.Scan) *jsonScan {
	if s.Report == nil && s.Upstream == nil {
		return nil
	}
	return &jsonScan{Report: newJSONReport(s.Report, s.Stale), Upstream: newJSONReport(s.Upstream, s.UpstreamStale)}
}

func newJSONReport(r *content.Report, stale bool) *jsonReport {
	if r == nil {
		return nil
	}
	return &jsonReport{Scanner: r.Scanner, Version: r.Version, Date: dateString(r.Date),
		Image: r.Image, Digest: r.Digest, Stale: stale, Counts: r.Counts}
}

type jsonVersion struct {
	Version string `json:"version"`
	EOL     string `json:"eol,omitempty"`
}

// catalogJSON returns catalog.json: compact when minifying (as encoding
// the whole catalog at once would make it, without the final newline),
// else indented by two spaces. It is encoded image by image into one
// buffer: the whole catalog as one value to encode was twice the file's
// size in structs, and twice again in the encoder's growing buffers.
func (b *builder) catalogJSON() ([]byte, error) {
	var data, one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	value := func(v any) error {
		one.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		data.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
		return nil
	}
	cat := b.cat
	data.WriteString(`{"site":`)
	err := value(jsonSite{
		Title: cat.Site.Title, Description: cat.Site.Description, BaseURL: cat.Site.BaseURL,
		Registry: cat.Site.Registry, ProductionRegistry: cat.Site.ProductionRegistry,
		Platforms: nonNil(cat.Site.Platforms), Attestations: nonNil(cat.Site.Attestations),
		Signing: jsonTiers{Public: newJSONSigning(cat.Site.Signing.Public), Production: newJSONSigning(cat.Site.Signing.Production)},
	})
	data.WriteString(`,"categories":[`)
	for i, c := range cat.Categories {
		if i > 0 {
			data.WriteByte(',')
		}
		err = cmp.Or(err, value(b.jsonCategory(c)))
	}
	data.WriteString(`],"images":[`)
	reg := b.funcs().Registry
	// The buffer grows once, after the first images, to what the rest
	// take at their size and an eighth more: doubling allocated three
	// times the file (22 MB at 10,000 images).
	const sample = 64
	mark := data.Len()
	for i, img := range cat.Images {
		if i > 0 {
			data.WriteByte(',')
		}
		err = cmp.Or(err, value(b.jsonImage(img, reg)))
		if i+1 == sample && len(cat.Images) > sample {
			data.Grow((data.Len() - mark) / sample * (len(cat.Images) - sample) * 9 / 8)
		}
	}
	data.WriteString("]}")
	if err != nil {
		return nil, err
	}
	if b.opts.Minify {
		return data.Bytes(), nil // as the minifier left it
	}
	var indented bytes.Buffer // for reading
	indented.Grow(2 * data.Len())
	if err := json.Indent(&indented, data.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	indented.WriteByte('\n')
	return indented.Bytes(), nil
}

func (b *builder) jsonCategory(c *catalog.Category) jsonCategory {
	jc := jsonCategory{
		Slug: c.Slug, Title: c.Title, Summary: c.Summary, Weight: c.Weight, URL: b.absURL(c.URL),
		Responsibility: jsonResponsibility{Vendor: nonNil(c.Vendor), Customer: nonNil(c.Customer)},
		Migration:      jsonMigration{Effort: c.Effort, Steps: nonNil(c.Steps)},
		Images:         names(c.Images), Overlaps: map[string]int{},
	}
	for _, o := range c.Overlaps {
		jc.Overlaps[o.Category.Slug] = len(o.Images)
	}
	if counts, n := catalog.ScanTotals(c.Images); n > 0 {
		jc.Scan = &jsonTotals{Scanned: n, Counts: counts}
	}
	return jc
}

// jsonImage is what catalog.json says of img; reg is the image's
// registry (render.Funcs.Registry).
func (b *builder) jsonImage(img *catalog.Image, reg func(*catalog.Image) string) jsonImage {
	ji := jsonImage{
		Name: img.Name, Title: img.Title, Summary: img.Summary, URL: b.absURL(img.URL),
		Pull: reg(img) + "/" + img.Name + ":latest", Upstream: img.Upstream,
		Tags: nonNil(img.Tags), Versions: []jsonVersion{}, User: img.User, Shell: img.Shell,
		Entrypoint: img.Entrypoint, Workdir: img.Workdir, Compatibility: nonNil(img.Compatibility),
		Replaces: nonNil(img.Replaces), Featured: img.Featured, Related: names(img.Related),
		Draft: img.Draft, Lastmod: dateString(img.Lastmod), Date: dateString(img.Added), Aliases: nonNil(img.Aliases),
		Platforms: nonNil(img.Platforms), Size: img.Size, Scan: newJSONScan(img.Scan),
	}
	for _, c := range img.Categories {
		ji.Categories = append(ji.Categories, c.Slug)
	}
	for _, v := range img.Versions {
		ji.Versions = append(ji.Versions, jsonVersion{Version: v.Version, EOL: dateString(v.EOL)})
	}
	if img.FIPS != nil {
		ji.FIPS = img.FIPS.Name
	}
	if img.FIPSOf != nil {
		ji.FIPSOf = img.FIPSOf.Name
	}
	return ji
}

func names(imgs []*catalog.Image) []string {
	out := make([]string, len(imgs))
	for i, img := range imgs {
		out[i] = img.Name
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
