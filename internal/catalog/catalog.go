// Package catalog turns parsed documents into the site's model: the site
// settings, the categories in order, the images with their links resolved,
// the overlaps between categories, and the responsibility and migration
// notes composed onto each image. It does no I/O.
//
// Rules:
//   - Categories are ordered by weight, then title, then slug.
//   - Images are ordered by name. An image's categories keep the category
//     order, whatever order its file lists them in.
//   - Every category an image names must have a file; every related image
//     and the fips variant must exist. Drafts are left out unless
//     Options.Drafts; a related link to a left-out draft is dropped.
//   - An image's FIPS variant is its fips key, or else <name>-fips when that
//     image exists. The variant links back to the image it varies; when
//     several images name one variant, to the one it is named after, or
//     else to the first by name.
//   - Two categories overlap when an image is in both; Overlaps lists, for
//     each category, every other category it shares images with.
//   - An image's notes are the responsibility and migration notes of its
//     categories, in category order, each text once, labelled with every
//     category that carries it. Its effort is the highest of them.
//   - Similar images are up to five others sharing the most categories, ties
//     broken by name; related images and the FIPS pair are not repeated.
//   - A version's end of life is past when its day is before the day of
//     Options.Today (the hour and zone of Today do not matter).
//   - An image is new (Image.New) on the day of its date key and the
//     NewDays-1 days after it, counted by calendar day against
//     Options.Today; never without a date or before its date.
//   - An image's platforms are its own, else the site's. Its registry tier
//     (Site.Tier) is the free one (Registry, signed as Signing.Public) when
//     it is in the free category, else the production one
//     (ProductionRegistry, Signing.Production).
//   - An image's scanner reports are those Options.Reports holds at the
//     paths its scan keys name; a report is stale when its scan day is
//     more than the site's scanMaxAge (default 30) days before Today.
//   - Every page URL (pages, aliases) is unique, and none is a generated
//     page or file; related images and categories are listed once.
package catalog

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/scan"
)

// Default registries, from the content model.
const (
	DefaultRegistry           = "cgr.dev/chainguard"
	DefaultProductionRegistry = "cgr.dev/ORGANIZATION"
	FreeCategory              = "starter"
	DefaultPageSize           = 100 // images per page of a list
	DefaultScanMaxAge         = 30  // days before a scanner report is stale
	NewDays                   = 30  // days an image is new from its date
)

// Options steer how the catalog is assembled.
type Options struct {
	Drafts bool      // keep drafts
	Today  time.Time // the day end-of-life dates are compared with
	// Reports are the scanner reports the images name, by path from the
	// site root (content.ReadReports); an image whose report is missing
	// here shows none.
	Reports map[string]*content.Report
}

// Catalog is the whole model of one site.
type Catalog struct {
	Site       Site
	Categories []*Category // by weight, then title
	Images     []*Image    // by name
	Pages      []*Page     // documentation pages, by URL
	Today      time.Time

	categoryBySlug   map[string]*Category
	imageByName      map[string]*Image
	brokenCategories []string
}

// Site holds the settings of content/_index.md.
type Site struct {
	Title              string
	Description        string
	BaseURL            string
	Registry           string
	ProductionRegistry string
	RawHTML            bool
	PageSize           int      // images per page of /images/ and of each category
	Platforms          []string // the platforms of an image that names none
	Signing            Tiers    // how each registry tier's images are signed
	Attestations       []string // predicate type URIs every image carries
	ScanMaxAge         int      // days after which a scanner report is stale
	Source             Source
}

// Tiers holds how the images of each registry tier are signed; nil where
// the site does not say.
type Tiers struct {
	Public     *Signing // images pulled from Site.Registry
	Production *Signing // images pulled from Site.ProductionRegistry
}

// Signing is a keyless cosign signature's certificate: its OIDC issuer
// and either the exact identity or a regular expression of it.
type Signing struct {
	Issuer         string
	Identity       string
	IdentityRegexp string
}

// Tier returns the registry an image is pulled from, free images from
// Registry and the others from ProductionRegistry, and how images there
// are signed (nil when the site does not say).
func (s *Site) Tier(img *Image) (registry string, signing *Signing) {
	if img.Free() {
		return s.Registry, s.Signing.Public
	}
	return s.ProductionRegistry, s.Signing.Production
}

// Source is where a page's Markdown comes from.
type Source struct {
	Path     string
	Body     []byte
	BodyLine int
	Front    uint64 // the hash of the front matter (content.Document.Front)
	Sum      uint64 // the hash of the file (content.Document.Sum)
}

// Category is one category with its members.
type Category struct {
	Slug     string
	Title    string
	Summary  string
	Weight   int
	Vendor   []string
	Customer []string
	Effort   string
	Steps    []string
	Images   []*Image // members, by name
	Overlaps []Overlap
	// ScanCounts and Scanned are ScanTotals of Images, added up once for
	// the category's pages (each page of a paginated list shows them).
	ScanCounts  scan.Counts
	Scanned     int
	Source      Source
	URL         string
	overlapWith map[string]int
}

// Overlap is the set of images a category shares with another.
type Overlap struct {
	Category *Category
	Images   []*Image
}

// Image is one image with its references resolved.
type Image struct {
	Name          string
	Title         string
	Summary       string
	Categories    []*Category
	Upstream      string
	Tags          []string
	Versions      []Version
	User          string
	Shell         *bool
	Entrypoint    string
	Workdir       string
	Compatibility []string
	Replaces      []string
	Featured      bool
	Related       []*Image
	FIPS          *Image // this image's FIPS variant
	FIPSOf        *Image // the image this one is the FIPS variant of
	Similar       []*Image
	Draft         bool
	Lastmod       time.Time
	Added         time.Time // the "date" key: when the image joined the catalog
	New           bool      // Added is Today or fewer than NewDays days before it
	Aliases       []string
	aliasLines    []int
	Platforms     []string // its own, else the site's
	Size          string   // compressed size, e.g. "12.4 MB"; "" when not given
	Scan          Scan     // scanner reports of the image and of its upstream
	scanPaths     content.Scan
	Notes         Notes
	Source        Source
	URL           string
	doc           *content.Image // what its file says, until link has read it
}

// Version is a version stream and its end of life.
type Version struct {
	Version string
	EOL     time.Time // zero when unknown
	Past    bool      // EOL is before the catalog's Today
}

// Notes are the notes of an image's categories, composed.
type Notes struct {
	Vendor   []Note
	Customer []Note
	Steps    []Note
	Efforts  []Effort
	Effort   string // the highest effort, "" when none is given
}

// Note is one note and the categories that carry it.
type Note struct {
	Text       string
	Categories []*Category
}

// Effort is one category's migration effort.
type Effort struct {
	Category *Category
	Level    string
}

// Page is a documentation page.
type Page struct {
	URL     string
	Title   string
	Summary string
	Weight  int
	Draft   bool
	Lastmod time.Time
	Aliases []string
	Source  Source

	aliasLines []int
}

// Category returns the category with slug, or nil.
func (c *Catalog) Category(slug string) *Category { return c.categoryBySlug[slug] }

// Image returns the image called name, or nil.
func (c *Catalog) Image(name string) *Image { return c.imageByName[name] }

// Free reports whether the image is in the free tier.
func (img *Image) Free() bool {
	for _, c := range img.Categories {
		if c.Slug == FreeCategory {
			return true
		}
	}
	return false
}

// HasShell reports whether the image is stated to have a shell; Shell is
// nil when the file does not say.
func (img *Image) HasShell() bool { return img.Shell != nil && *img.Shell }

// InCategory reports whether the image is in the category slug.
func (img *Image) InCategory(slug string) bool {
	for _, c := range img.Categories {
		if c.Slug == slug {
			return true
		}
	}
	return false
}

// OtherCategories returns the image's categories other than c.
func (img *Image) OtherCategories(c *Category) []*Category {
	var out []*Category
	for _, ic := range img.Categories {
		if ic != c {
			out = append(out, ic)
		}
	}
	return out
}

// Shared returns how many images c shares with other.
func (c *Category) Shared(other *Category) int { return c.overlapWith[other.Slug] }

// Build assembles and checks the catalog. It returns the catalog even when
// there are problems, so callers can show what there is.
func Build(site *content.Site, opts Options) (*Catalog, error) {
	var errs content.Errors
	cat := &Catalog{
		categoryBySlug: map[string]*Category{},
		imageByName:    make(map[string]*Image, len(site.Documents)),
		Today:          opts.Today,
	}
	// The images are made in one slab, with one default tag list, so that
	// a dev server's rebuild after each edit allocates little.
	imageDocs := make([]*content.Document, 0, len(site.Documents))
	drafts := map[string]bool{}
	haveHome := false
	for _, doc := range site.Documents {
		switch doc.Kind {
		case content.HomeKind:
			haveHome = true
			cat.Site = newSite(doc.Home, sourceOf(doc))
		case content.CategoryKind:
			c := newCategory(doc.Category, sourceOf(doc))
			cat.Categories = append(cat.Categories, c)
			cat.categoryBySlug[c.Slug] = c
		case content.ImageKind:
			if doc.Image.Draft {
				drafts[doc.Image.Name] = true
				if !opts.Drafts {
					continue
				}
			}
			imageDocs = append(imageDocs, doc)
		case content.PageKind:
			if doc.Page.Draft && !opts.Drafts {
				continue
			}
			cat.Pages = append(cat.Pages, newPage(doc.Page, sourceOf(doc)))
		}
	}
	if !haveHome {
		errs.Addf("content/_index.md", 0, "missing: every site needs content/_index.md with at least a title, e.g. \"---\\ntitle: My catalog\\n---\"")
		cat.Site = newSite(&content.Home{Title: "Untitled"}, Source{Path: "content/_index.md"})
	}
	cat.Images = newImages(imageDocs, opts.Today)
	for _, img := range cat.Images {
		cat.imageByName[img.Name] = img
	}
	slices.SortFunc(cat.Categories, func(a, b *Category) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(cat.Pages, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), cmp.Compare(a.Source.Path, b.Source.Path))
	})
	byName := func(a, b *Image) int { return cmp.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(cat.Images, byName) { // file order is name order but for names like a and a-b
		slices.SortStableFunc(cat.Images, byName)
	}
	// Files that failed to parse were reported already; references to
	// them are not reported again.
	for _, p := range site.Failed {
		if name, ok := strings.CutPrefix(p, "content/images/"); ok {
			drafts[strings.TrimSuffix(name, ".md")] = true
		}
		if slug, ok := strings.CutPrefix(p, "content/categories/"); ok {
			cat.brokenCategories = append(cat.brokenCategories, strings.TrimSuffix(slug, ".md"))
		}
	}
	cat.linkImages(drafts, opts, &errs)
	sets := cat.categorySets()
	var similarSlab slab[*Image]
	for _, set := range sets {
		notes := composeNotes(set.categories) // the same for every image of the set
		levels := similarLevels(set, sets)    // and so are the candidates
		for _, img := range set.images {
			img.Notes = notes
			img.Similar = similar(img, levels, similarSlab.take(similarWant))
		}
	}
	cat.overlaps()
	cat.checkURLs(&errs)
	return cat, errs.Err()
}

// partsOf is how many parts inParts cuts n numbers into: one, or one for
// each core when n is large enough for it to pay.
func partsOf(n int) int {
	if n < 2048 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), n/1024)
}

// inParts calls f on the partsOf(n) parts of the numbers 0 to n-1 at
// once (part being the number of each): f writes what it makes for each
// number where no other call reads, and in its part's own place what the
// caller then takes in the order of the parts, so that the result does not
// depend on the cores.
func inParts(n int, f func(part, from, to int)) {
	parts := partsOf(n)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { f(p, p*n/parts, (p+1)*n/parts) })
	}
	wg.Wait()
}

// newImages makes the images of docs, in one slab, in their order.
func newImages(docs []*content.Document, today time.Time) []*Image {
	images := make([]Image, len(docs))
	defaultTags := []string{"latest", "latest-dev"}
	inParts(len(docs), func(_, from, to int) {
		for i := from; i < to; i++ {
			images[i] = newImage(docs[i].Image, sourceOf(docs[i]), today, defaultTags)
		}
	})
	out := make([]*Image, len(images))
	for i := range images {
		out[i] = &images[i]
	}
	return out
}

// linkImages resolves every image's links (see link) and reads its scanner
// reports, on all cores; what links an image into others (its categories'
// lists, its FIPS variant's link back) is done after, in image order.
func (cat *Catalog) linkImages(drafts map[string]bool, opts Options, errs *content.Errors) {
	partErrs := make([]content.Errors, partsOf(len(cat.Images)))
	inParts(len(cat.Images), func(part, from, to int) {
		var catSlab slab[*Category]
		for _, img := range cat.Images[from:to] {
			if len(img.Platforms) == 0 {
				img.Platforms = cat.Site.Platforms
			}
			img.Scan = newScan(img.scanPaths, opts.Reports, cat.Site.ScanMaxAge, opts.Today)
			cat.link(img, img.doc, drafts, &partErrs[part], &catSlab)
			img.doc = nil // what the file said is in img now: a big catalog need not keep both
		}
	})
	for i := range partErrs {
		errs.AddAll(&partErrs[i])
	}
	for _, img := range cat.Images {
		for _, c := range img.Categories {
			c.Images = append(c.Images, img)
		}
		// When several images name one variant, it links back to the
		// image it is named after, or else the first.
		if v := img.FIPS; v != nil && (v.FIPSOf == nil || v.Name == img.Name+"-fips") {
			v.FIPSOf = img
		}
	}
}

func sourceOf(doc *content.Document) Source {
	return Source{Path: doc.Path, Body: doc.Body, BodyLine: doc.BodyLine, Front: doc.Front, Sum: doc.Sum}
}

func newSite(h *content.Home, src Source) Site {
	s := Site{
		Title:              h.Title,
		Description:        h.Description,
		BaseURL:            h.BaseURL,
		Registry:           cmp.Or(strings.TrimSuffix(h.Registry, "/"), DefaultRegistry),
		ProductionRegistry: cmp.Or(strings.TrimSuffix(h.ProductionRegistry, "/"), DefaultProductionRegistry),
		RawHTML:            h.RawHTML,
		PageSize:           cmp.Or(h.PageSize, DefaultPageSize),
		Platforms:          h.Platforms.Values,
		Signing:            Tiers{Public: newSigning(h.Signing.Public), Production: newSigning(h.Signing.Production)},
		Attestations:       h.Attestations.Values,
		ScanMaxAge:         cmp.Or(h.ScanMaxAge, DefaultScanMaxAge),
		Source:             src,
	}
	return s
}

func newSigning(s *content.Signing) *Signing {
	if s == nil {
		return nil
	}
	return &Signing{Issuer: s.Issuer, Identity: s.Identity, IdentityRegexp: s.IdentityRegexp}
}

func newCategory(c *content.Category, src Source) *Category {
	return &Category{
		Slug: c.Slug, Title: c.Title, Summary: c.Summary, Weight: c.Weight,
		Vendor: c.Vendor, Customer: c.Customer, Effort: c.Effort, Steps: c.Steps,
		Source: src, URL: "/categories/" + c.Slug + "/",
		overlapWith: map[string]int{},
	}
}

// newImage makes an image from its document; tags, the default tag list,
// is shared by every image that names none (it is never changed).
func newImage(m *content.Image, src Source, today time.Time, tags []string) Image {
	img := Image{
		Name: m.Name, Title: cmp.Or(m.Title, m.Name), Summary: m.Summary,
		Upstream: m.Upstream, Tags: m.Tags, User: m.User, Shell: m.Shell,
		Entrypoint: m.Entrypoint, Workdir: m.Workdir, Compatibility: m.Compatibility,
		Replaces: m.Replaces, Featured: m.Featured, Draft: m.Draft,
		Lastmod: m.Lastmod.Time, Added: m.Added.Time, New: isNew(m.Added.Time, today),
		Aliases: m.Aliases.Values, aliasLines: m.Aliases.Lines,
		Platforms: m.Platforms.Values, Size: m.Size, scanPaths: m.Scan,
		Source: src, URL: "/images/" + m.Name + "/", doc: m,
	}
	if len(img.Tags) == 0 {
		img.Tags = tags[:len(tags):len(tags)]
	}
	if len(m.Versions) > 0 {
		img.Versions = make([]Version, len(m.Versions))
	}
	for i, v := range m.Versions {
		img.Versions[i] = Version{
			Version: v.Version, EOL: v.EOL.Time,
			Past: !v.EOL.IsZero() && !today.IsZero() && dayBefore(v.EOL.Time, today),
		}
	}
	return img
}

// isNew reports whether an image added on the day added is new on the
// day today: that day or up to NewDays-1 days after it.
func isNew(added, today time.Time) bool {
	if added.IsZero() || today.IsZero() {
		return false
	}
	days := daysBetween(added, today)
	return days >= 0 && days < NewDays
}

// dayBefore reports whether the calendar day of a, in a's zone, is before
// that of b, in b's: an end of life is past from the day after it, and the
// hour and zone of Options.Today do not matter.
func dayBefore(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC).Before(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC))
}

func newPage(p *content.Page, src Source) *Page {
	return &Page{
		URL: p.URL, Title: p.Title, Summary: p.Summary, Weight: p.Weight,
		Draft: p.Draft, Lastmod: p.Lastmod.Time, Aliases: p.Aliases.Values, Source: src,
		aliasLines: p.Aliases.Lines,
	}
}

// link resolves an image's categories, related images and FIPS variant,
// changing nothing but img.
func (cat *Catalog) link(img *Image, m *content.Image, drafts map[string]bool, errs *content.Errors, cats *slab[*Category]) {
	p := img.Source.Path
	img.Categories = cats.take(len(m.Categories.Values))[:0]
	for i, slug := range m.Categories.Values {
		line := m.Categories.Lines[i]
		c := cat.categoryBySlug[slug]
		switch {
		case c == nil && slices.Contains(cat.brokenCategories, slug):
		case c == nil:
			e := content.Errorf(p, line, "unknown category %q", slug)
			e.Suggestion, e.Hint = cat.categoryHint(slug)
			errs.Add(e)
		case slices.Contains(img.Categories, c):
			errs.Addf(p, line, "category %q is listed twice; keep one", slug)
		default:
			img.Categories = append(img.Categories, c)
		}
	}
	slices.SortStableFunc(img.Categories, cat.compareCategories)
	for i, name := range m.Related.Values {
		line := m.Related.Lines[i]
		r := cat.imageByName[name]
		switch {
		case r == nil && drafts[name]:
			// a draft left out of this build: nothing to link to
		case r == nil:
			e := content.Errorf(p, line, "related image %q does not exist", name)
			e.Suggestion, e.Hint = cat.imageHint(name)
			errs.Add(e)
		case r == img:
			errs.Addf(p, line, "an image cannot be related to itself; remove %q", name)
		case slices.Contains(img.Related, r):
			errs.Addf(p, line, "related image %q is listed twice; keep one", name)
		default:
			img.Related = append(img.Related, r)
		}
	}
	if m.FIPS != "" {
		v := cat.imageByName[m.FIPS]
		switch {
		case v == nil && drafts[m.FIPS]:
		case v == nil:
			e := content.Errorf(p, m.FIPSLine, "FIPS variant %q does not exist", m.FIPS)
			e.Suggestion, e.Hint = cat.imageHint(m.FIPS)
			errs.Add(e)
		case v == img:
			errs.Addf(p, m.FIPSLine, "an image cannot be its own FIPS variant; remove the fips key")
		default:
			img.FIPS = v
		}
	} else if v := cat.imageByName[string(append(append(make([]byte, 0, 64), img.Name...), "-fips"...))]; v != nil {
		img.FIPS = v
	}
}

func (cat *Catalog) compareCategories(a, b *Category) int {
	return cmp.Compare(slices.Index(cat.Categories, a), slices.Index(cat.Categories, b))
}

// categoryHint returns the category slug most likely meant, and what
// else may be done, for an unknown category slug.
func (cat *Catalog) categoryHint(slug string) (near, hint string) {
	slugs := make([]string, len(cat.Categories))
	for i, c := range cat.Categories {
		slugs[i] = c.Slug
	}
	near = content.Nearest(slug, slugs)
	if len(slugs) == 0 {
		return near, "; there are no category files: add content/categories/" + slug + ".md"
	}
	return near, fmt.Sprintf(" (known categories: %s; or add content/categories/%s.md)", strings.Join(slugs, ", "), slug)
}

// imageHint returns the image name most likely meant, and what else may
// be done, for an unknown image name.
func (cat *Catalog) imageHint(name string) (near, hint string) {
	names := make([]string, 0, len(cat.Images))
	for _, img := range cat.Images {
		names = append(names, img.Name)
	}
	if near := content.Nearest(name, names); near != "" {
		return near, fmt.Sprintf(" (or add content/images/%s.md)", name)
	}
	return "", fmt.Sprintf(": add content/images/%s.md or remove the reference", name)
}

// overlaps counts and lists, for each category, the images it shares with
// every other category, and adds up its images' scanner reports.
func (cat *Catalog) overlaps() {
	for _, c := range cat.Categories {
		c.Overlaps = nil
		clear(c.overlapWith)
	}
	for _, c := range cat.Categories {
		shared := map[*Category][]*Image{}
		for _, img := range c.Images {
			for _, o := range img.Categories {
				if o != c {
					shared[o] = append(shared[o], img)
				}
			}
		}
		for _, o := range cat.Categories {
			if imgs := shared[o]; len(imgs) > 0 {
				c.Overlaps = append(c.Overlaps, Overlap{Category: o, Images: imgs})
				c.overlapWith[o.Slug] = len(imgs)
			}
		}
	}
	for _, c := range cat.Categories {
		c.overlapWith[c.Slug] = len(c.Images)
		c.ScanCounts, c.Scanned = ScanTotals(c.Images)
	}
}

var effortRank = map[string]int{"low": 1, "medium": 2, "high": 3}

func composeNotes(cats []*Category) Notes {
	var n Notes
	for _, c := range cats {
		n.Vendor = addNotes(n.Vendor, c.Vendor, c)
		n.Customer = addNotes(n.Customer, c.Customer, c)
		n.Steps = addNotes(n.Steps, c.Steps, c)
		if c.Effort != "" {
			n.Efforts = append(n.Efforts, Effort{c, c.Effort})
			if effortRank[c.Effort] > effortRank[n.Effort] {
				n.Effort = c.Effort
			}
		}
	}
	return n
}

func addNotes(notes []Note, texts []string, c *Category) []Note {
next:
	for _, t := range texts {
		key := normalizeNote(t)
		for i := range notes {
			if normalizeNote(notes[i].Text) == key {
				if !slices.Contains(notes[i].Categories, c) {
					notes[i].Categories = append(notes[i].Categories, c)
				}
				continue next
			}
		}
		notes = append(notes, Note{Text: t, Categories: []*Category{c}})
	}
	return notes
}

// normalizeNote makes notes that differ only in case, spacing or a final
// full stop compare equal.
func normalizeNote(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
}

// A categorySet is the images that have exactly the same categories.
type categorySet struct {
	categories []*Category
	images     []*Image // by name
}

// categorySets groups the images by their set of categories. There are
// few sets however many images there are, which keeps similar cheap.
func (cat *Catalog) categorySets() []*categorySet {
	byKey := map[string]*categorySet{}
	var sets []*categorySet
	var key []byte
	for _, img := range cat.Images {
		key = key[:0]
		for _, c := range img.Categories {
			key = append(key, c.Slug...)
			key = append(key, ' ')
		}
		s := byKey[string(key)]
		if s == nil {
			s = &categorySet{categories: img.Categories}
			byKey[string(key)] = s
			sets = append(sets, s)
		}
		s.images = append(s.images, img)
	}
	return sets
}

func sharedCount(a, b []*Category) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

// similarWant is how many similar images an image's page shows.
const similarWant = 5

// similarLevels returns the candidates for the similar images of set's
// images: for each number of shared categories, most first, the images of
// every set sharing that many, each set's first names only (enough for
// similar to skip any of its images' own pairs and related images), in
// name order. Every image of set has the same candidates, which keeps
// similar linear in the catalog's size.
func similarLevels(set *categorySet, sets []*categorySet) [][]*Image {
	skips := 0
	for _, img := range set.images {
		skips = max(skips, 3+len(img.Related))
	}
	byShared := map[int][]*Image{}
	for _, s := range sets {
		if n := sharedCount(set.categories, s.categories); n > 0 {
			byShared[n] = append(byShared[n], s.images[:min(len(s.images), similarWant+skips)]...)
		}
	}
	var levels [][]*Image
	for n := len(set.categories); n > 0; n-- {
		if cands := byShared[n]; len(cands) > 0 {
			slices.SortFunc(cands, func(a, b *Image) int { return cmp.Compare(a.Name, b.Name) })
			levels = append(levels, cands)
		}
	}
	return levels
}

// similar returns up to five images that share the most categories with
// img, ties broken by name, leaving out img, its FIPS pair and its related
// images; levels are the candidates of img's category set.
func similar(img *Image, levels [][]*Image, buf []*Image) []*Image {
	skip := func(o *Image) bool {
		return o == img || o == img.FIPS || o == img.FIPSOf || slices.Contains(img.Related, o)
	}
	out := buf[:0]
	for _, cands := range levels {
		for _, o := range cands {
			if len(out) == similarWant {
				return out
			}
			if !skip(o) {
				out = append(out, o)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// A slab hands out small slices cut from big ones, so that a catalog of
// 10,000 images makes a few allocations for their lists instead of one
// for each.
type slab[T any] struct{ buf []T }

// take returns a slice of length n and capacity n: appending to it never
// writes into another's.
func (s *slab[T]) take(n int) []T {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]T, 0, max(n, 4096))
	}
	s.buf = s.buf[:len(s.buf)+n]
	return s.buf[len(s.buf)-n : len(s.buf) : len(s.buf)]
}

// checkURLs reports two sources claiming one URL.
func (cat *Catalog) checkURLs(errs *content.Errors) {
	owner := make(map[string]string, 2*(len(cat.Images)+len(cat.Pages)))
	for url, by := range map[string]string{
		"/": "content/_index.md", "/categories/": "the generated categories index",
		"/images/": "the generated images index", "/404.html": "the generated 404 page",
		// the generated files: a page or alias there would be a folder
		"/sitemap.xml/": "the generated sitemap.xml", "/robots.txt/": "the generated robots.txt",
		"/catalog.json/": "the generated catalog.json", "/feed.xml/": "the generated feed.xml",
		"/lifecycle/eol.ics/": "the generated lifecycle/eol.ics",
	} {
		owner[url] = by
	}
	claim := func(url, by string, line int) {
		prev, ok := owner[url]
		if !ok {
			prev, ok = cat.imageOwner(url)
		}
		switch {
		case ok && prev == by:
			errs.Addf(by, line, "URL %s is already this page's own URL or another of its aliases; remove the alias", url)
		case ok:
			errs.Addf(by, line, "URL %s is already taken by %s; choose another path", url, prev)
		default:
			owner[url] = by
		}
	}
	for _, c := range cat.Categories {
		claim(c.URL, c.Source.Path, 0)
	}
	claimPages := func(list string, items int) {
		claim(list+"page/1/", "the generated redirect to "+list, 0)
		for n := 2; n <= Pages(items, cat.Site.PageSize); n++ {
			claim(PageURL(list, n), fmt.Sprintf("the generated page %d of %s", n, list), 0)
		}
	}
	claimPages("/images/", len(cat.Images))
	for _, c := range cat.Categories {
		claimPages(c.URL, len(c.Images))
	}
	cat.claimLifecycle(claim)
	// The images' own URLs and calendars come next, without a claim each
	// (see imageOwner): nothing claimed so far can be at /images/<name>/.
	for _, p := range cat.Pages {
		claim(p.URL, p.Source.Path, 0)
	}
	for _, img := range cat.Images {
		for i, a := range img.Aliases {
			claimAlias(a, img.Source.Path, img.aliasLines[i], claim, errs)
		}
	}
	for _, p := range cat.Pages {
		for i, a := range p.Aliases {
			claimAlias(a, p.Source.Path, p.aliasLines[i], claim, errs)
		}
	}
}

// imageOwner returns the owner of url when it is an image's own URL
// (/images/<name>/: its file) or its calendar (/images/<name>/eol.ics/:
// generated). checkURLs looks these up instead of claiming two URLs for
// every image, which at 10,000 images was a tenth of a rebuild.
func (cat *Catalog) imageOwner(url string) (string, bool) {
	rest, ok := strings.CutPrefix(url, "/images/")
	if !ok {
		return "", false
	}
	name, tail, ok := strings.Cut(rest, "/")
	img := cat.imageByName[name]
	if !ok || img == nil {
		return "", false
	}
	switch tail {
	case "":
		return img.Source.Path, true
	case "eol.ics/":
		return "the generated " + img.URL + "eol.ics", true
	}
	return "", false
}

func claimAlias(a, by string, line int, claim func(string, string, int), errs *content.Errors) {
	u, ok := AliasURL(a)
	if !ok {
		errs.Addf(by, line, "alias %q is not a site path: write it like /old/path/, without \"..\", a host or a query", a)
		return
	}
	claim(u, by, line)
}

// Pages returns how many pages a list of items images takes at size a
// page: at least one, an empty list having one empty page.
func Pages(items, size int) int {
	if size < 1 || items <= size {
		return 1
	}
	return (items + size - 1) / size
}

// PageURL returns the URL of page n of the list at list (a URL ending in
// "/"): the list's own for the first page, <list>page/<n>/ for the others.
func PageURL(list string, n int) string {
	if n <= 1 {
		return list
	}
	return list + "page/" + strconv.Itoa(n) + "/"
}

// AliasURL cleans an alias into a site path that ends in "/" (or in
// ".html"): "old/go", "/old//go" and "/old/go/index.html" all become
// "/old/go/", the path of the one file a redirect there is written to. It
// reports false for anything that is not a plain path inside the site.
func AliasURL(a string) (string, bool) {
	if a == "" || strings.ContainsAny(a, "?#\\:") || strings.HasPrefix(a, "//") {
		return "", false
	}
	var parts []string
	for _, p := range strings.Split(a, "/") {
		switch p {
		case "":
			continue
		case ".", "..":
			return "", false
		}
		parts = append(parts, p)
	}
	if len(parts) > 0 && parts[len(parts)-1] == "index.html" {
		parts = parts[:len(parts)-1]
	}
	u := "/" + strings.Join(parts, "/")
	if strings.HasSuffix(u, ".html") {
		return u, true
	}
	if u != "/" {
		u += "/"
	}
	return u, true
}
