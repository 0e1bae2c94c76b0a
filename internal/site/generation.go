package site

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
)

// A Generation is the site as it is at one moment, for a dev server: the
// content, the catalog, the theme and the plan of every output file, with
// no page made yet. Each file is made when it is asked for (File), the
// same bytes Build makes; Check finds every problem Build would report.
//
// A page is kept in the Store under a key that names everything it
// depends on (see pageKeys), so that the next Generation, after an edit,
// makes again only the pages whose key changed: a page is stale exactly
// when its key is not in the Store. Open reads the whole site; Next reads
// only the files an edit changed.
//
// A Generation is never changed once made, and is safe for concurrent use.
type Generation struct {
	b     *builder // opts, content, catalog, templates, Markdown, base URL, assets
	store *Store

	theme        *Output                    // the laid theme: templates/ and static/
	parsed       *render.Theme              // its templates, parsed
	parseErr     error                      // and their problems
	custom       bool                       // the site has templates of its own
	assets       map[string][]byte          // published static files, by output name
	reports      map[string]*content.Report // the scanner reports the images name, by path
	jobs         map[string]*job            // pages, by output file
	order        []*job                     // the same, in plan order
	assetNames   []string                   // the published static files, sorted
	names        func() []string            // every output file, in plan order, listed when first asked for
	sitemapParts func() []string            // sitemap-1.xml and on when sitemap.xml is an index; nil when not

	digestOnce sync.Once
	digests    digests // what many keys share
	keysMu     sync.Mutex
	keys       map[string]uint64 // the keys made so far, by name

	fileErrs map[string][]*content.Error // content problems, by file
	early    []*content.Error            // problems known without making a page

	extrasOnce sync.Once
	extras     map[string][]byte
	extrasErr  *content.Error

	// search is the search index, made when one of its files is first
	// asked for: only search/index.json is among the names, the other
	// files are named by their contents (see searchIndexName).
	search func() map[string][]byte

	checkOnce sync.Once
	checkErr  error

	bufs sync.Pool // *pageBuffers, for pages being made

	start time.Time // when it was made
	edit  bool      // made by Next: its check leaves a core to the next edit
}

// ErrCanceled is what Check returns when it was told to stop.
var ErrCanceled = errors.New("canceled")

// Open reads the whole site in opts.Source, parsing only the files
// opts.Parsed does not hold, and keeps no Markdown body: a page's body is
// read again when the page is made. opts.Write and opts.Cache are not
// used. The files parsed are kept in opts.Parsed by KeepParsed, not
// before.
func Open(opts Options, store *Store) *Generation {
	src, err := content.LoadWith(opts.Source, content.LoadOptions{Cache: opts.Parsed, DropBodies: true, KeepLater: true})
	opts.Parsed = nil // the site keeps it until KeepParsed, no longer
	fileErrs := map[string][]*content.Error{}
	for _, e := range content.List(err) {
		fileErrs[e.Path] = append(fileErrs[e.Path], e)
	}
	return newGeneration(opts, store, src, fileErrs, nil)
}

// KeepParsed keeps in opts.Parsed the front matter of the files Open
// parsed: called once the site is served, so that a start that parses
// every file does not wait for them to be encoded and written.
func (g *Generation) KeepParsed() { g.b.src.KeepParsed() }

// Next returns the Generation after the files at changed (slash paths from
// the site root) were written, created or removed. It reads only those
// files again, and lays the theme again only when one under templates/,
// static/ or a content resource changed.
func (g *Generation) Next(opts Options, changed []string) *Generation {
	src, err, ok := g.b.src.Apply(opts.Source, changed)
	if !ok || g.fileErrs["content"] != nil {
		return Open(opts, g.store)
	}
	fileErrs := maps.Clone(g.fileErrs)
	relay := false
	for _, p := range changed {
		delete(fileErrs, p)
		top, _, _ := strings.Cut(p, "/")
		if (top == "templates" || top == "static") || (top == "content" && !strings.HasSuffix(p, ".md")) {
			relay = true
		}
	}
	for _, e := range content.List(err) {
		fileErrs[e.Path] = append(fileErrs[e.Path], e)
	}
	if err == nil && !relay {
		if n := g.nextBodies(opts, src, changed); n != nil {
			return n
		}
	}
	if n := g.nextTheme(opts, src, changed); n != nil {
		return n
	}
	prev := g
	if relay {
		prev = nil
	}
	n := newGeneration(opts, g.store, src, fileErrs, prev)
	n.edit = true
	return n
}

// newGeneration plans the site from src. The theme and assets are prev's
// when prev is not nil, laid again otherwise.
func newGeneration(opts Options, store *Store, src *content.Site, fileErrs map[string][]*content.Error, prev *Generation) *Generation {
	var errs content.Errors
	b := &builder{opts: opts, files: map[string][]byte{}, names: map[string]bool{}, errs: &errs, minifier: newMinifier()}
	g := &Generation{b: b, store: store, fileErrs: fileErrs, start: time.Now()}
	g.search = sync.OnceValue(b.searchFiles)
	for _, list := range fileErrs {
		for _, e := range list {
			errs.Add(e)
		}
	}
	b.src = src
	copts := b.readReports(src)
	g.reports = copts.Reports
	cat, err := catalog.Build(src, copts)
	errs.Merge("content", err)
	b.cat = cat
	if err := b.setBase(); err != nil {
		errs.Add(err)
	}
	if prev != nil && !sameReports(prev.reports, g.reports) {
		prev = nil // a file became a report, or stopped being one: lay the assets again
	}
	if prev != nil {
		g.theme, g.custom, g.assets, g.assetNames = prev.theme, prev.custom, prev.assets, prev.assetNames
		g.parsed, g.parseErr = prev.parsed, prev.parseErr
		b.asset, b.nStatic = prev.b.asset, prev.b.nStatic
		for _, e := range prev.early {
			if strings.HasPrefix(e.Path, "templates/") || strings.HasPrefix(e.Path, "static") {
				errs.Add(e) // the theme's problems stay until it changes
			}
		}
	} else {
		g.layTheme(src)
	}
	g.useTemplates()
	for _, p := range src.Failed {
		if u := content.URLOf(p); u != "" {
			b.unchecked = append(b.unchecked, u)
		}
	}
	hl := opts.Highlighter
	if hl == nil {
		hl = render.NewHighlighter()
	}
	b.md = render.NewMarkdown(render.MarkdownOptions{RawHTML: cat.Site.RawHTML, BasePath: b.basePath, Highlighter: hl, Minify: b.bodyMinifier()})
	g.order = b.plan()
	g.jobs = jobsByOut(g.order)
	g.names = sync.OnceValue(g.listNames)
	g.sitemapParts = sync.OnceValue(func() []string { return b.sitemapNames(g.order) })
	g.keys = map[string]uint64{}
	g.early = content.List(errs.Err())
	return g
}

// layTheme lays the theme and publishes the assets of the site src,
// parsing the theme's templates; problems go to g's builder.
func (g *Generation) layTheme(src *content.Site) {
	b := g.b
	g.theme = b.layTheme()
	g.assets = b.assets(g.theme, unpublished(src.Resources, g.reports))
	g.custom = hasTemplates(b.opts.Source)
	g.assetNames = slices.Sorted(maps.Keys(g.assets))
	g.parsed, g.parseErr = render.ParseTheme(g.theme, b.themeOptions())
}

// useTemplates gives g's builder the templates of its parsed theme, or
// its problems.
func (g *Generation) useTemplates() {
	g.b.errs.Merge("templates", g.parseErr)
	if g.parseErr == nil {
		g.b.tmpl = g.parsed.Templates(g.b.funcs())
	}
}

// extraNames are the files made from the catalog and the plan, besides
// the feeds (feedNames).
var extraNames = []string{"catalog.json", "robots.txt", "sitemap.xml"}

// listNames lists every output file: pages in plan order, then static
// files, the files made from the catalog and the search index's manifest.
// An edit's Generation lists them only when asked (by Check, mostly).
func (g *Generation) listNames() []string {
	feeds := feedNames(g.b.cat)
	names := make([]string, 0, len(g.order)+len(g.assetNames)+len(extraNames)+len(feeds)+1)
	for _, j := range g.order {
		names = append(names, j.out)
	}
	names = append(names, g.assetNames...)
	names = append(names, extraNames...)
	names = append(names, feeds...)
	names = append(names, g.sitemapParts()...)
	return append(names, searchIndexName)
}

// isExtra reports whether name is a file made from the catalog and the
// plan (extraNames, the feeds, the sitemap's parts).
func (g *Generation) isExtra(name string) bool {
	return slices.Contains(extraNames, name) || isFeed(g.b.cat, name) ||
		strings.HasPrefix(name, "sitemap-") && slices.Contains(g.sitemapParts(), name)
}

// hasTemplates reports whether the site has templates of its own.
func hasTemplates(fsys fs.FS) bool {
	found := false
	_ = fs.WalkDir(fsys, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !content.Ignored(d.Name()) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// isFeed reports whether name is among feedNames(cat), without listing
// them.
func isFeed(cat *catalog.Catalog, name string) bool {
	if name == "feed.xml" || name == "lifecycle/eol.ics" {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "categories/"); ok {
		slug, file, _ := strings.Cut(rest, "/")
		c := cat.Category(slug)
		return c != nil && c.Slug == slug && (file == "eol.ics" || file == "feed.xml")
	}
	if rest, ok := strings.CutPrefix(name, "images/"); ok {
		n, file, _ := strings.Cut(rest, "/")
		img := cat.Image(n)
		return img != nil && file == "eol.ics" && hasEOL(img)
	}
	return false
}

// Problems returns the problems known without making any page: content,
// catalog, base URL, theme and templates. Check reports them too.
func (g *Generation) Problems() error {
	return joinErrors(g.early)
}

func joinErrors(list []*content.Error) error {
	var errs content.Errors
	for _, e := range list {
		errs.Add(e)
	}
	return errs.Err()
}

// Today returns the day the Generation compares end-of-life dates with.
func (g *Generation) Today() time.Time { return g.b.opts.Today }

// Stats counts the files of the site, Duration being the time since the
// Generation was made.
func (g *Generation) Stats() Stats {
	st := g.b.stats(g.order)
	st.Rendered, st.Duration = len(g.order), time.Since(g.start)
	return st
}

// Names returns the name of every output file: pages in plan order, then
// static files and the files made from the catalog.
func (g *Generation) Names() []string { return g.names() }

// Assets returns the names of the published static files, sorted: every
// file that is neither a page nor made from the catalog.
func (g *Generation) Assets() []string { return g.assetNames }

// Has reports whether the site has the output file name. Asking for a
// file of the search index other than its manifest makes the index.
func (g *Generation) Has(name string) bool {
	if _, ok := g.jobs[name]; ok {
		return true
	}
	if _, ok := g.assets[name]; ok || name == searchIndexName || g.isExtra(name) {
		return true
	}
	if strings.HasPrefix(name, searchDir) {
		_, ok := g.search()[name]
		return ok
	}
	return false
}

// Key returns a number that changes whenever the file name may have
// changed from one Generation to the next; 0 when there is no such file.
// Keys are made when first asked for (see pageKeys).
func (g *Generation) Key(name string) uint64 {
	if !g.Has(name) {
		return 0
	}
	g.keysMu.Lock()
	k, ok := g.keys[name]
	g.keysMu.Unlock()
	if ok {
		return k
	}
	g.digestOnce.Do(func() { g.digests = g.makeDigests() })
	k = g.key(name)
	g.keysMu.Lock()
	g.keys[name] = k
	g.keysMu.Unlock()
	return k
}

// File makes the output file name. The error is fs.ErrNotExist when the
// site has no such file, and the page's problems when it cannot be made.
// The slice must not be modified.
func (g *Generation) File(name string) ([]byte, error) {
	if j, ok := g.jobs[name]; ok {
		defer g.store.asked()()
		m, data := g.make(j, true)
		if m.err != nil {
			var errs content.Errors
			errs.Merge(m.err.path, m.err.err)
			return nil, errs.Err()
		}
		return data, nil
	}
	if data, ok := g.assets[name]; ok {
		return data, nil
	}
	if strings.HasPrefix(name, searchDir) {
		if data, ok := g.search()[name]; ok {
			return data, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if g.isExtra(name) {
		g.extrasOnce.Do(func() {
			g.extras = map[string][]byte{}
			g.extrasErr = g.b.extraFiles(g.order, func(name string, data []byte) { g.extras[name] = data })
		})
		if data, ok := g.extras[name]; ok {
			return data, nil
		}
		return nil, g.extrasErr
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// Check returns every problem Build would report for this site, or nil.
// It makes every page whose key is not in the Store (their links and ids
// are kept there), on all cores (all but one after an edit, so that the
// next edit and the pages browsers ask for are not kept waiting), and
// then checks every site link. It gives way to File: no page of the check
// starts while a page asked for is being made. Closing cancel stops it
// with ErrCanceled; a later call starts again.
func (g *Generation) Check(cancel <-chan struct{}) error {
	done := false
	g.checkOnce.Do(func() {
		g.checkErr = g.check(cancel)
		done = true
	})
	if !done && errors.Is(g.checkErr, ErrCanceled) {
		return g.check(cancel)
	}
	return g.checkErr
}

func (g *Generation) check(cancel <-chan struct{}) error {
	if g.b.tmpl == nil {
		return joinErrors(g.early)
	}
	made := make([]*made, len(g.order))
	work := make(chan int)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	if g.edit {
		workers = max(workers-1, 1) // a core for the next edit and the pages it shows
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				g.store.giveWay()
				made[i], _ = g.make(g.order[i], false)
			}
		}()
	}
	canceled := false
feed:
	for i := range g.order {
		select {
		case work <- i:
		case <-cancel:
			canceled = true
			break feed
		}
	}
	close(work)
	wg.Wait()
	if canceled {
		return ErrCanceled
	}
	keys := make(map[uint64]bool, len(g.order))
	for _, j := range g.order {
		keys[g.Key(j.out)] = true
	}
	g.store.keep(keys) // forget the pages of sites before this one
	var errs content.Errors
	for _, e := range g.early {
		errs.Add(e)
	}
	// Links are checked on copies of the jobs: File may read them meanwhile.
	jobs := make([]*job, len(g.order))
	for i, j := range g.order {
		c := *j
		c.links, c.ids = made[i].links, made[i].ids
		jobs[i] = &c
		if made[i].err != nil {
			errs.Merge(made[i].err.path, made[i].err.err)
		}
	}
	// A page that could not be made is not in the output, as in Build.
	all := g.Names()
	names := make(map[string]bool, len(all))
	for _, name := range all {
		names[name] = true
	}
	for i, j := range g.order {
		if made[i].err != nil {
			delete(names, j.out)
		}
	}
	links := &builder{names: names, unchecked: g.b.unchecked, errs: &errs}
	links.checkLinks(jobs, jobsByOut(jobs))
	return errs.Err()
}

// make returns j's page, from the Store when it holds j's key, else made
// now, and, when keep is set (a page served to a browser), its bytes,
// which the Store then holds.
func (g *Generation) make(j *job, keep bool) (*made, []byte) {
	m, owner := g.store.claim(g.Key(j.out))
	if !owner {
		<-m.done
		if !keep || m.err != nil {
			return m, nil
		}
		if data := g.store.bytes(m); data != nil {
			return m, data
		}
		data, _ := g.render(j, true) // made before without its bytes
		return m, g.store.hold(m, data)
	}
	data, r := g.render(j, keep)
	m.links, m.ids, m.err = r.links, r.ids, r.err
	close(m.done)
	if keep && r.err == nil {
		data = g.store.hold(m, data)
	}
	return m, data
}

// rendered is what making a page found besides its bytes.
type rendered struct {
	links []render.Link
	ids   idSet
	err   *pageError
}

// render makes j's page: Markdown, template, and, when its bytes are
// wanted, minified; else it returns no bytes.
func (g *Generation) render(j *job, wantBytes bool) ([]byte, rendered) {
	bufs, _ := g.bufs.Get().(*pageBuffers)
	if bufs == nil {
		bufs = &pageBuffers{}
	}
	defer func() {
		bufs.trim()
		g.bufs.Put(bufs)
	}()
	page := *j.data(g.b.site)
	if j.life != nil {
		page.Lifecycle = g.b.lifecycle(j.life)
	}
	reread := j.src != nil && j.src.Body == nil // Open drops every body; an empty one is read again for nothing
	links, perr := g.b.renderPage(&bufs.page, j.tmpl, &page, j.src, reread)
	if perr != nil {
		return nil, rendered{err: perr}
	}
	r := rendered{links: links, ids: collectIDs(bufs.page.Bytes())}
	if !wantBytes {
		return nil, r
	}
	return slices.Clone(g.b.pageBytes(&bufs.min, bufs.page.Bytes())), r
}

// A Store keeps the pages that Generations made, by key, across
// Generations: their links and ids always, their bytes for pages served,
// up to a limit. It forgets the pages no current Generation has.
type Store struct {
	seed  maphash.Seed
	limit int64

	mu    sync.Mutex
	pages map[uint64]*made
	held  int64 // bytes of pages held

	askMu  sync.Mutex
	asking int        // pages being made for File
	calm   *sync.Cond // signalled when asking drops to 0
}

// made is one page made.
type made struct {
	done  chan struct{} // closed once links, ids and err are set
	data  []byte        // nil unless held
	links []render.Link
	ids   idSet
	err   *pageError
}

// NewStore returns an empty Store that holds up to limit bytes of pages.
func NewStore(limit int64) *Store {
	s := &Store{seed: maphash.MakeSeed(), limit: limit, pages: map[uint64]*made{}}
	s.calm = sync.NewCond(&s.askMu)
	return s
}

// asked counts a page being made for File until the function it returns
// is called.
func (s *Store) asked() func() {
	s.askMu.Lock()
	s.asking++
	s.askMu.Unlock()
	return func() {
		s.askMu.Lock()
		defer s.askMu.Unlock()
		if s.asking--; s.asking == 0 {
			s.calm.Broadcast()
		}
	}
}

// giveWay waits until no page is being made for File.
func (s *Store) giveWay() {
	s.askMu.Lock()
	defer s.askMu.Unlock()
	for s.asking > 0 {
		s.calm.Wait()
	}
}

// claim returns the page under key and whether the caller is to make it.
func (s *Store) claim(key uint64) (*made, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.pages[key]; ok {
		return m, false
	}
	m := &made{done: make(chan struct{})}
	s.pages[key] = m
	return m, true
}

// bytes returns the page's bytes when they are held.
func (s *Store) bytes(m *made) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return m.data
}

// hold keeps a page's bytes, letting go of every page's bytes first when
// they would pass the limit, and returns the bytes held.
func (s *Store) hold(m *made, data []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.data != nil {
		return m.data
	}
	if s.held+int64(len(data)) > s.limit {
		for _, o := range s.pages {
			o.data = nil
		}
		s.held = 0
	}
	m.data = data
	s.held += int64(len(data))
	return data
}

// keep forgets the pages whose key is not among live.
func (s *Store) keep(live map[uint64]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, m := range s.pages {
		if !live[k] {
			s.held -= int64(len(m.data))
			delete(s.pages, k)
		}
	}
}
