// Package site builds a whole site into memory: it loads the content,
// assembles the catalog, renders every page through the theme, checks every
// site link and anchor written in Markdown, adds the sitemap, robots.txt,
// the 404 page, alias redirects, catalog.json and the search index (see
// searchFiles), copies static files, fingerprints CSS and JavaScript, and
// minifies everything.
//
// The lists, /images/ and each category's page, are cut into pages of
// the site's pageSize images (catalog.PageURL): page n's render.Page has
// its images in List and its place in Pager, and its title says which page
// it is when there are several; only a category's first page has its
// body; <list>page/1/ is a redirect to the list. Every page is in the
// sitemap: sitemap.xml, or, past the protocol's 50,000 URLs or 50 MiB a
// file, an index of sitemap-1.xml, sitemap-2.xml, ... (see sitemaps).
//
// /lifecycle/ lists every version stream by its stage on the build day
// (catalog.Lifecycle), in pages of pageSize streams; each category has the
// same list at <category>/lifecycle/. The feeds, made like catalog.json
// from the catalog and the day (feedNames), are iCalendar files of ends of
// life (lifecycle/eol.ics, categories/<slug>/eol.ics, images/<name>/eol.ics
// for an image with a dated version) and Atom feeds of images added and
// updated (feed.xml, categories/<slug>/feed.xml).
//
// The theme is the built-in one (Options.Theme) with the site's own
// templates/ and static/ laid over it: a site file replaces the theme file
// of the same name.
//
// CSS and JavaScript files in static/ are published under fingerprinted
// names (css/site.css as css/site.<hash>.css); templates link them with
// {{asset "css/site.css"}}. Every other static file keeps its name.
//
// The result is an Output, an fs.FS. Build writes only through the
// Options.Write and Options.Cache it is given; for the same input it
// returns byte-identical output, with a cache or without.
//
// A dev server does not build the whole site: it opens a Generation, which
// plans every output file and makes each one when it is asked for, the
// same bytes Build makes, and follows each edit with the next Generation,
// which reads only the changed files and keeps the pages the edit did not
// change (see Generation and pageKeys).
package site

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/tdewolff/minify/v2"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
)

// Options say what to build.
type Options struct {
	Source  fs.FS     // the site: content/, and optionally templates/ and static/
	Theme   fs.FS     // the built-in theme: templates/ and static/
	BaseURL string    // overrides the site's baseURL when not empty
	Drafts  bool      // include drafts
	Minify  bool      // minify HTML, CSS, JS, JSON and XML
	Today   time.Time // the day end-of-life dates are compared with

	// Context, when set, stops the build once it is done: no page starts
	// rendering after that, and Build returns context.Cause(Context)
	// instead of a result. Files already handed to Write stay written.
	Context context.Context

	// Highlighter highlights code; nil means a fresh one for this build.
	// The dev server passes a caching one that lives across builds.
	Highlighter *render.Highlighter

	// Cache, when set, keeps rendered Markdown bodies between builds
	// (see Cache); nil renders every body.
	Cache Cache

	// Parsed, when set, keeps the parsed front matter of every file
	// between runs (see content.LoadOptions): Open then parses only the
	// files that changed since. Build does not use it.
	Parsed Cache

	// Write, when set, receives each output file as soon as it is made,
	// from several goroutines at once; data is only valid during the call
	// (the builder reuses its buffers). Result.Output is then nil: a large
	// site then never sits in memory whole. A failed build may have
	// written some files, so write into a scratch folder and drop it on
	// failure. When Write is nil, the output is kept in Result.Output.
	Write func(name string, data []byte) error

	// Progress, when set, is called as each page is rendered with how
	// many are done and how many there are, from several goroutines at
	// once; it must be quick.
	Progress func(done, total int)

	bodyBudget int64 // dropBodies' budget when not 0; for tests
	// The most URLs and bytes in one sitemap file, when not 0; for tests.
	sitemapURLs, sitemapBytes int
}

// A Cache keeps rendered Markdown bodies between builds, by a key that
// names everything a body depends on (render.Markdown.Key) except the
// program itself: a Cache must hold only what this version of the
// program stored. A body that has Markdown errors is never stored, so its
// errors are reported by every build. Get and Put are called from several
// goroutines at once; Get's result is the caller's, Put must not keep
// value.
type Cache interface {
	Get(key [32]byte) (value []byte, ok bool)
	Put(key [32]byte, value []byte)
}

// Stats count what a build made.
type Stats struct {
	Pages      int // HTML pages, every page of a list included, redirects excluded
	Images     int
	Categories int
	Docs       int
	Aliases    int // redirects asked for by aliases in front matter
	Static     int
	Rendered   int // pages rendered
	Cached     int // Markdown bodies taken from Options.Cache
	Duration   time.Duration
}

func (s Stats) String() string {
	cached := ""
	if s.Cached > 0 {
		cached = fmt.Sprintf(" (%d Markdown %s from the cache)", s.Cached, plural(s.Cached, "body", "bodies"))
	}
	return fmt.Sprintf("%d pages (%d images, %d categories, %d docs), %d aliases, %d static files in %s%s",
		s.Pages, s.Images, s.Categories, s.Docs, s.Aliases, s.Static, s.Duration.Round(time.Millisecond), cached)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Result is a successful build.
type Result struct {
	Output  *Output // nil when Options.Write was set
	Catalog *catalog.Catalog
	Stats   Stats
}

// Build builds the site. On failure the error joins every problem found,
// each a *content.Error ("path:line: message").
func Build(opts Options) (*Result, error) {
	start := time.Now()
	var errs content.Errors
	b := &builder{opts: opts, files: map[string][]byte{}, names: map[string]bool{}, errs: &errs, minifier: newMinifier()}

	src, err := content.Load(opts.Source)
	errs.Merge("content", err)
	b.src = src
	copts := b.readReports(src)
	cat, err := catalog.Build(src, copts)
	errs.Merge("content", err)
	b.cat = cat
	if err := b.setBase(); err != nil {
		errs.Add(err)
	}

	theme := b.layTheme()
	b.assets(theme, unpublished(src.Resources, copts.Reports))
	tmpl, err := render.ParseTemplates(theme, b.funcs(), b.themeOptions())
	if err != nil {
		// Without templates no page can be rendered: report what there is.
		errs.Merge("templates", err)
		return nil, errs.Err()
	}
	// Content problems do not stop the pages from rendering, so that one
	// build reports broken links too. Links to files that failed to parse
	// are not reported again.
	for _, p := range src.Failed {
		if u := content.URLOf(p); u != "" {
			b.unchecked = append(b.unchecked, u)
		}
	}
	b.tmpl = tmpl
	if opts.Write != nil {
		b.src = nil // keep no sources past their pages (see dropBodies)
	}
	hl := opts.Highlighter
	if hl == nil {
		hl = render.NewHighlighter()
	}
	b.md = render.NewMarkdown(render.MarkdownOptions{
		RawHTML: cat.Site.RawHTML, BasePath: b.basePath, Highlighter: hl, Minify: b.bodyMinifier(),
	})
	jobs := b.plan()
	if opts.Write != nil {
		dropBodies(jobs, cmp.Or(opts.bodyBudget, bodyBudget))
	}
	if err := b.stopped(); err != nil {
		return nil, err
	}
	b.renderWithExtras(jobs, jobs)
	return b.finish(jobs, jobsByOut(jobs), len(jobs), b.stats(jobs), start)
}

// finish checks the links of every page (order, and the same by output
// file) and returns the build's result: stats with rendered pages
// rendered, and, when the output is kept in memory, that output.
func (b *builder) finish(order []*job, byOut map[string]*job, rendered int, stats Stats, start time.Time) (*Result, error) {
	if err := b.stopped(); err != nil {
		return nil, err
	}
	b.checkLinks(order, byOut)
	if b.errs.Len() > 0 {
		return nil, b.errs.Err()
	}
	stats.Rendered, stats.Cached, stats.Duration = rendered, int(b.cached.Load()), time.Since(start)
	res := &Result{Catalog: b.cat, Stats: stats}
	if b.opts.Write == nil {
		res.Output = newOutput(b.files)
	}
	return res, nil
}

func jobsByOut(jobs []*job) map[string]*job {
	m := make(map[string]*job, len(jobs))
	for _, j := range jobs {
		m[j.out] = j
	}
	return m
}

type builder struct {
	opts     Options
	src      *content.Site
	cat      *catalog.Catalog
	tmpl     *render.Templates
	site     *render.Site // what every page shows of the site (plan)
	md       *render.Markdown
	errs     *content.Errors
	base     *url.URL // the base URL, absolute or not
	basePath string   // "/" or "/docs/"
	asset    map[string]string
	nStatic  int
	// unchecked are the URLs of pages that failed to load: links to them
	// are not checked.
	unchecked []string
	minifier  *minify.M
	cached    atomic.Int64               // bodies taken from opts.Cache
	life      lifecycles                 // the lifecycle lists' streams, sorted when first needed
	bodies    map[string]*catalog.Source // bodies edited since the catalog was built, by path (nextBodies)

	mu    sync.Mutex
	files map[string][]byte // the output, when it is kept in memory
	names map[string]bool   // every output file made so far
}

// putBorrowed is put for data that the caller reuses once it returns:
// Options.Write gets it as it is, the in-memory output a copy.
func (b *builder) putBorrowed(name string, data []byte) {
	if b.opts.Write == nil {
		data = bytes.Clone(data)
	}
	b.put(name, data)
}

// put adds a file to the output. It is safe for concurrent use.
func (b *builder) put(name string, data []byte) {
	b.mu.Lock()
	b.names[name] = true
	if b.opts.Write == nil {
		b.files[name] = data
		b.mu.Unlock()
		return
	}
	b.mu.Unlock()
	if err := b.opts.Write(name, data); err != nil {
		b.addErr(name, content.Errorf(name, 0, "cannot write the output file: %v", err))
	}
}

// setBase reads the base URL from the flag or the home page.
func (b *builder) setBase() *content.Error {
	raw := cmp.Or(b.opts.BaseURL, b.cat.Site.BaseURL, "/")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme != "" && u.Host == "") || u.RawQuery != "" || u.Fragment != "" {
		b.base, b.basePath = &url.URL{Path: "/"}, "/"
		where := "content/_index.md"
		if b.opts.BaseURL != "" {
			where = "--base-url"
		}
		return content.Errorf(where, 0, "base URL %q is not valid: write an absolute URL like https://example.org/docs/ or a path like /docs/", raw)
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	b.base, b.basePath = u, u.Path
	b.cat.Site.BaseURL = u.String()
	return nil
}

// url turns a site path into a link under the base path.
func (b *builder) url(p string) string {
	if b.basePath == "/" && strings.HasPrefix(p, "/") {
		return p // the same string, not a copy: pages ask for thousands
	}
	return b.basePath + strings.TrimPrefix(p, "/")
}

// absURL turns a site path into an absolute URL when the base URL has a
// host, and into a link under the base path otherwise.
func (b *builder) absURL(p string) string {
	if b.base.Host == "" {
		return b.url(p)
	}
	return b.base.Scheme + "://" + b.base.Host + b.url(p)
}

func (b *builder) funcs() render.Funcs {
	return render.Funcs{
		URL:    b.url,
		AbsURL: b.absURL,
		Asset: func(name string) string {
			if p, ok := b.asset[strings.TrimPrefix(name, "/")]; ok {
				return b.url(p)
			}
			return b.url(name)
		},
		Registry: func(img *catalog.Image) string {
			reg, _ := b.cat.Site.Tier(img)
			return reg
		},
	}
}

// layTheme lays the site's templates/ and static/ over the theme's.
func (b *builder) layTheme() *Output {
	files := map[string][]byte{}
	for _, fsys := range []fs.FS{b.opts.Theme, b.opts.Source} {
		if fsys == nil {
			continue
		}
		for _, dir := range []string{"templates", "static"} {
			_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					if p != dir {
						b.errs.Addf(p, 0, "cannot read: %v", err)
					}
					return nil
				}
				if d.IsDir() {
					if p != dir && content.Ignored(d.Name()) {
						return fs.SkipDir
					}
					return nil
				}
				if content.Ignored(d.Name()) {
					return nil
				}
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					b.errs.Addf(p, 0, "cannot read: %v (a link loop or a missing target?)", err)
					return nil
				}
				files[p] = data
				return nil
			})
		}
	}
	return newOutput(files)
}

// assets publishes static files, content resources and the generated
// highlighting stylesheet; CSS and JS get fingerprinted names. It returns
// what it published, by output name.
func (b *builder) assets(theme *Output, resources []content.Resource) map[string][]byte {
	b.asset = map[string]string{}
	css, err := render.Stylesheet("github", "github-dark")
	if err != nil {
		b.errs.Addf("static", 0, "cannot make the highlighting stylesheet: %v", err)
	}
	static := map[string][]byte{"css/syntax.css": []byte(css)}
	for _, name := range theme.Names() {
		if rel, ok := strings.CutPrefix(name, "static/"); ok {
			data, _ := theme.File(name)
			static[rel] = data
		}
	}
	for _, r := range resources {
		data, err := fs.ReadFile(b.opts.Source, r.Path)
		if err != nil {
			b.errs.Addf(r.Path, 0, "cannot read: %v", err)
			continue
		}
		static[strings.TrimPrefix(r.Path, "content/")] = data
	}
	published := make(map[string][]byte, len(static))
	for name, data := range static {
		ext := path.Ext(name)
		if ext == ".css" || ext == ".js" {
			data = b.minify(mediaType(name), data)
			sum := sha256.Sum256(data)
			hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			b.asset[name] = hashed
			name = hashed
		}
		b.put(name, data)
		published[name] = data
		b.nStatic++
	}
	return published
}

// A job is one page to render.
type job struct {
	out  string         // output file, e.g. "images/go/index.html"
	tmpl string         // page template
	page *render.Page   // data; Body is filled from src; nil for an image's page
	img  *catalog.Image // an image's page: the image (see data)
	src  *catalog.Source

	life *lifecycleRef // a lifecycle page: its streams, cut when it is made

	links []render.Link
	ids   idSet
	// reread says that src.Body was let go after parsing, to be read
	// again from the source when the page renders.
	reread bool
	// listRedirect marks the redirect from a list's page/1/: an alias
	// page that no front matter asked for, so not counted as one.
	listRedirect bool
}

// bodyBudget is how many bytes of Markdown a streamed build keeps from
// loading to rendering; past it, dropBodies lets go of them all.
const bodyBudget = 32 << 20

// dropBodies lets go of every page's Markdown until its page renders, when
// the site's Markdown is more than budget bytes: a streamed build then
// holds one file's bytes per worker instead of the whole site's (a sixth
// of a gigabyte at 100,000 images), for the price of reading each file
// twice (3% of the CPU time, not worth it for a site whose Markdown
// takes a few megabytes).
func dropBodies(jobs []*job, budget int64) {
	var total int64
	for _, j := range jobs {
		if j.src != nil {
			total += int64(len(j.src.Body))
		}
	}
	if total <= budget {
		return
	}
	for _, j := range jobs {
		if j.src != nil && len(j.src.Body) > 0 {
			j.src.Body, j.reread = nil, true
		}
	}
}

// data returns the page data of j: its own, or, for an image's page, made
// now. A big catalog's plan holds no page data for its images (a tenth of
// a 100,000-image build's live heap, marked by every collection): an
// image's is made when its page is, from the image.
func (j *job) data(site *render.Site) *render.Page {
	if j.page != nil {
		return j.page
	}
	img := j.img
	p := &render.Page{Kind: "image", Title: img.Title, Description: img.Summary, URL: img.URL, Site: site,
		Image: img, Lastmod: dateString(img.Lastmod)}
	if hasEOL(img) {
		p.Calendar = img.URL + "eol.ics"
	}
	return p
}

// kind is the kind of j's page (render.Page.Kind).
func (j *job) kind() string {
	if j.page == nil {
		return "image"
	}
	return j.page.Kind
}

// url is the site path of j's page.
func (j *job) url() string {
	if j.page == nil {
		return j.img.URL
	}
	return j.page.URL
}

// lastmod is the date j's page last changed, YYYY-MM-DD, or "".
func (j *job) lastmod() string {
	if j.page == nil {
		return dateString(j.img.Lastmod)
	}
	return j.page.Lastmod
}

func (b *builder) plan() []*job {
	cat := b.cat
	site := &render.Site{
		Title: cat.Site.Title, Description: cat.Site.Description,
		BaseURL: cat.Site.BaseURL, Catalog: cat, Docs: docSections(cat.Pages),
	}
	b.site = site
	for _, img := range cat.Images {
		if img.Featured {
			site.Featured = append(site.Featured, img)
		}
	}
	var jobs []*job
	add := func(url, tmpl string, p *render.Page, src *catalog.Source) *job {
		p.URL, p.Site = url, site
		j := &job{out: outPath(url), tmpl: tmpl, page: p, src: src}
		jobs = append(jobs, j)
		return j
	}
	add("/", "home.html", &render.Page{Kind: "home", Title: cat.Site.Title, Description: cat.Site.Description, Feed: "/feed.xml"}, &cat.Site.Source)
	add("/categories/", "categories.html", &render.Page{Kind: "categories", Title: "Categories",
		Description: "Every category of " + cat.Site.Title + " and how they overlap."}, nil)
	// A list's pages: the first at the list's URL, with the body; the
	// others without; and a redirect from <list>page/1/.
	list := func(url, tmpl string, p *render.Page, src *catalog.Source, imgs []*catalog.Image) {
		for _, pg := range listPages(url, p, imgs, cat.Site.PageSize) {
			add(pg.URL, tmpl, pg, src)
			src = nil
		}
		r := aliasJob(site, url+"page/1/", url)
		r.listRedirect = true
		jobs = append(jobs, r)
	}
	list("/images/", "images.html", &render.Page{Kind: "images", Title: "All images",
		Description: "Every image of " + cat.Site.Title + "."}, nil, cat.Images)
	for _, c := range cat.Categories {
		list(c.URL, "category.html", &render.Page{Kind: "category", Title: c.Title, Description: c.Summary, Category: c,
			Feed: c.URL + "feed.xml", Calendar: c.URL + "eol.ics"}, &c.Source, c.Images)
	}
	b.planLifecycle(add)
	for _, img := range cat.Images {
		jobs = append(jobs, &job{out: outPath(img.URL), tmpl: "image.html", img: img, src: &img.Source})
	}
	flat := flatDocs(site.Docs)
	for i, p := range flat {
		pg := &render.Page{Kind: "page", Title: p.Title, Description: p.Summary, Doc: p, Lastmod: dateString(p.Lastmod)}
		if i > 0 {
			pg.Prev = flat[i-1]
		}
		if i+1 < len(flat) {
			pg.Next = flat[i+1]
		}
		add(p.URL, "page.html", pg, &p.Source)
	}
	add("/404.html", "404.html", &render.Page{Kind: "404", Title: "Page not found"}, nil)
	for _, img := range cat.Images {
		for _, a := range img.Aliases {
			jobs = appendAlias(jobs, site, a, img.URL)
		}
	}
	for _, p := range cat.Pages {
		for _, a := range p.Aliases {
			jobs = appendAlias(jobs, site, a, p.URL)
		}
	}
	return jobs
}

// listPages cuts the list of imgs at url into pages of size images, each a
// copy of p with its images and pager; when there are several, each title
// and description says which page it is ("All images, page 2 of 100").
func listPages(url string, p *render.Page, imgs []*catalog.Image, size int) []*render.Page {
	n := catalog.Pages(len(imgs), size)
	pages := make([]*render.Page, n)
	for i := range pages {
		pg := *p
		pg.Pager = render.Paginate(url, len(imgs), size, i+1)
		pg.URL = catalog.PageURL(url, i+1)
		pg.List = imgs[max(pg.Pager.First-1, 0):pg.Pager.Last]
		if n > 1 {
			pg.Title = fmt.Sprintf("%s, page %d of %d", p.Title, i+1, n)
			pg.Description = strings.TrimSpace(fmt.Sprintf("%s Page %d of %d.", p.Description, i+1, n))
		}
		pages[i] = &pg
	}
	return pages
}

// appendAlias appends the redirect from alias, when it is a site path.
func appendAlias(jobs []*job, site *render.Site, alias, target string) []*job {
	u, ok := catalog.AliasURL(alias)
	if !ok {
		return jobs
	}
	return append(jobs, aliasJob(site, u, target))
}

// aliasJob makes the redirect page at the site path u.
func aliasJob(site *render.Site, u, target string) *job {
	p := &render.Page{Kind: "alias", Title: "Moved", URL: u, Site: site, Target: target}
	return &job{out: outPath(u), tmpl: "alias.html", page: p}
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// outPath maps a site path to its file: "/a/" to "a/index.html".
func outPath(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// docSections groups documentation pages by their first folder, each group
// ordered by weight, then title; the top-level pages come first.
func docSections(pages []*catalog.Page) []render.DocSection {
	bySection := map[string]*render.DocSection{}
	var order []string
	for _, p := range pages {
		key := sectionOf(p.URL)
		s := bySection[key]
		if s == nil {
			s = &render.DocSection{}
			bySection[key] = s
			order = append(order, key)
		}
		if p.URL == "/"+key+"/" && key != "" {
			s.Index = p
			s.Title = p.Title
			continue
		}
		s.Pages = append(s.Pages, p)
	}
	slices.Sort(order)
	var out []render.DocSection
	for _, key := range order {
		s := bySection[key]
		if s.Title == "" {
			s.Title = titleCase(key)
		}
		slices.SortFunc(s.Pages, func(a, b *catalog.Page) int {
			return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
		})
		out = append(out, *s)
	}
	return out
}

func flatDocs(sections []render.DocSection) []*catalog.Page {
	var out []*catalog.Page
	for _, s := range sections {
		if s.Index != nil {
			out = append(out, s.Index)
		}
		out = append(out, s.Pages...)
	}
	return out
}

// sectionOf returns the first segment of a page URL: /guides/fips/ is in
// "guides", and a top-level page such as /about/ is its own section.
func sectionOf(u string) string {
	first, _, _ := strings.Cut(strings.Trim(u, "/"), "/")
	return first
}

func titleCase(s string) string {
	if s == "" {
		return "Pages"
	}
	s = strings.ReplaceAll(s, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// renderWithExtras renders the pages of todo and, alongside, the files
// made from the catalog and the plan of every page (sitemap, robots.txt,
// catalog.json), so that their serial work overlaps the pages' instead of
// following it.
func (b *builder) renderWithExtras(todo, all []*job) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.extras(all)
	}()
	b.renderAll(todo)
	<-done
}

// stopped returns why the build was told to stop, or nil.
func (b *builder) stopped() error {
	if ctx := b.opts.Context; ctx != nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// renderAll renders every job on all cores. Once Options.Context is done
// the workers take no new job: each finishes the page it has.
func (b *builder) renderAll(jobs []*job) {
	var stop <-chan struct{}
	if b.opts.Context != nil {
		stop = b.opts.Context.Done()
	}
	work := make(chan *job)
	var wg sync.WaitGroup
	var done atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var bufs pageBuffers
			for j := range work {
				b.renderJob(j, &bufs)
				bufs.trim()
				if b.opts.Progress != nil {
					b.opts.Progress(int(done.Add(1)), len(jobs))
				}
			}
		}()
	}
feed:
	for _, j := range jobs {
		select {
		case work <- j:
		case <-stop:
			break feed
		}
	}
	close(work)
	wg.Wait()
}

// pageBuffers are one worker's buffers, reused from page to page: the
// template's output and the minifier's.
type pageBuffers struct {
	page, min bytes.Buffer
}

// trim lets go of a list page's megabytes: they need not stay.
func (p *pageBuffers) trim() {
	if p.page.Cap() > 1<<20 || p.min.Cap() > 1<<20 {
		*p = pageBuffers{}
	}
}

// renderJob renders and writes the page of j; for an image with an end
// of life, its calendar too, which then is made and written on all cores
// with the pages, and beside its page, instead of after one another with
// the other extras (10,000 files at 10,000 images).
func (b *builder) renderJob(j *job, bufs *pageBuffers) {
	p := j.data(b.site)
	if j.life != nil {
		p.Lifecycle = b.lifecycle(j.life)
		defer func() { p.Lifecycle = nil }()
	}
	links, err := b.renderPage(&bufs.page, j.tmpl, p, j.src, j.reread)
	if err != nil {
		b.addErr(err.path, err.err)
		return
	}
	j.links = links
	if b.opts.Write != nil && j.img != nil {
		// No one reads an image's Markdown after its page: a streamed
		// build lets go of it (the file's bytes, a fifth of the live heap
		// at 10,000 images: see dropBodies).
		j.src.Body = nil
	}
	j.ids = collectIDs(bufs.page.Bytes())
	b.putBorrowed(j.out, b.pageBytes(&bufs.min, bufs.page.Bytes()))
	if img := j.img; img != nil && hasEOL(img) {
		b.putBorrowed(imageCalendarName(img), b.imageCalendar(bufs.page.Bytes()[:0], img))
	}
}

// body renders a Markdown body, or takes it from the cache.
func (b *builder) body(src catalog.Source, reserved []string) (render.Body, error) {
	c := b.opts.Cache
	if c == nil {
		return b.md.Render(src, reserved)
	}
	key := b.md.Key(src, reserved)
	var body render.Body
	if data, ok := c.Get(key); ok && body.UnmarshalBinary(data) == nil {
		b.cached.Add(1)
		return body, nil
	}
	body, err := b.md.Render(src, reserved)
	if err != nil {
		return body, err
	}
	if data, err := body.AppendBinary(nil); err == nil {
		c.Put(key, data)
	}
	return body, nil
}

// renderPage renders page p through template tmpl into buf, unminified,
// its body from the Markdown of src when there is one (read again from
// the source when reread: see dropBodies), and returns the site links the
// body has. It fills p.Body and p.Headings for the template and empties
// them after: a big site should not keep every body. It changes nothing
// else, so the same page can be rendered into a copy of p.
func (b *builder) renderPage(buf *bytes.Buffer, tmpl string, p *render.Page, src *catalog.Source, reread bool) ([]render.Link, *pageError) {
	var links []render.Link
	if src != nil {
		s := *src
		if reread {
			var err error
			if s.Body, s.BodyLine, err = content.ReadBody(b.opts.Source, s.Path, s.Front); err != nil {
				return nil, &pageError{s.Path, err}
			}
		}
		body, err := b.body(s, b.tmpl.ReservedIDs(tmpl))
		if err != nil {
			return nil, &pageError{s.Path, err}
		}
		p.Body, p.Headings, links = body.HTML, body.Headings, body.Links
	}
	defer func() { p.Body, p.Headings = "", nil }()
	buf.Reset()
	if err := b.tmpl.Execute(buf, tmpl, p); err != nil {
		return nil, &pageError{"templates/" + tmpl, err}
	}
	return links, nil
}

// pageError is why a page could not be rendered, and in which file.
type pageError struct {
	path string
	err  error
}

func (b *builder) addErr(p string, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errs.Merge(p, err)
}

// An idSet is the id attributes of a page, for anchor checks: one string,
// each id followed by a NUL, which costs a big site far less than a map per
// page, and held once for all the pages that have the same ids (the
// template's ids and the same headings: most image pages), so that what a
// big site keeps for its link checks grows with its distinct pages' ids.
type idSet struct{ h unique.Handle[string] }

func (s idSet) ids() string {
	if s == (idSet{}) {
		return ""
	}
	return s.h.Value()
}

func (s idSet) has(id string) bool {
	return strings.Contains("\x00"+s.ids(), "\x00"+id+"\x00")
}

func (s idSet) list() []string {
	return strings.Split(strings.TrimSuffix(s.ids(), "\x00"), "\x00")
}

// collectIDs finds the id attributes of a page: each ` id="` and the
// value up to the next quote. It looks for the "=", which a page has far
// fewer of than the spaces bytes.Index would stop at, and then at what
// is around it.
func collectIDs(html []byte) idSet {
	var b []byte
	for at := 0; ; {
		i := bytes.IndexByte(html[at:], '=')
		if i < 0 {
			break
		}
		at += i + 1
		if at < 4 || string(html[at-4:at-1]) != " id" || at == len(html) || html[at] != '"' {
			continue
		}
		html = html[at+1:]
		end := bytes.IndexByte(html, '"')
		if end < 0 {
			break
		}
		b = append(b, html[:end]...)
		b = append(b, 0)
		html, at = html[end:], 0
	}
	return idSet{unique.Make(string(b))}
}

func (b *builder) stats(jobs []*job) Stats {
	s := Stats{Images: len(b.cat.Images), Categories: len(b.cat.Categories), Docs: len(b.cat.Pages), Static: b.nStatic}
	for _, j := range jobs {
		switch {
		case j.listRedirect:
		case j.kind() == "alias":
			s.Aliases++
		default:
			s.Pages++
		}
	}
	return s
}
