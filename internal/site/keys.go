package site

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
)

// digests are what many keys share.
type digests struct {
	nav  uint64 // theme, options, site settings, documentation navigation
	docs uint64 // nav, and every documentation page's front matter
	all  uint64 // docs, and every file's front matter (every body too for custom templates)
}

func (g *Generation) makeDigests() digests {
	cat := g.b.cat
	k := keyer{seed: g.store.seed}

	k.reset()
	for _, name := range g.theme.Names() {
		data, _ := g.theme.File(name)
		k.str(name)
		k.bytes(data)
	}
	k.str(g.b.base.String())
	k.bool(g.b.opts.Drafts)
	k.bool(g.b.opts.Minify)
	k.str(g.b.opts.Today.Format("2006-01-02"))
	k.front(&cat.Site.Source)
	theme := k.sum()

	k.reset()
	k.u64(theme)
	for _, s := range docSections(cat.Pages) {
		k.str(s.Title)
		if s.Index != nil {
			k.str(s.Index.URL)
		}
		urls := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			urls[i] = p.URL
		}
		slices.Sort(urls)
		for _, u := range urls {
			k.str(u)
		}
	}
	nav := k.sum()

	k.reset()
	k.u64(nav)
	for _, p := range cat.Pages {
		k.front(&p.Source)
	}
	docs := k.sum()

	k.reset()
	k.u64(docs)
	for _, c := range cat.Categories {
		k.front(&c.Source)
	}
	for _, img := range cat.Images {
		k.front(&img.Source)
		k.scan(img.Scan)
	}
	all := k.sum()
	if g.custom {
		k.reset()
		k.u64(all)
		for _, d := range g.b.src.Documents {
			k.str(d.Path)
			k.u64(d.Sum)
		}
		all = k.sum()
	}

	return digests{nav: nav, docs: docs, all: all}
}

// key makes the key of the output file name: a hash of everything the
// file depends on, so that a file whose key did not change from one
// Generation to the next is the same file. This is the one place that
// knows what pages depend on. For the built-in theme:
//
//   - every page: the theme (templates and static files), the options, the
//     day (end-of-life status), the base URL and the site settings
//     (content/_index.md's front matter), and the documentation
//     navigation of the header and footer (each section's title and index
//     page, and which pages it has);
//   - an image's page: its own file, its scanner reports' bytes, the front
//     matter of its categories (titles, composed notes) and of the images
//     it names (FIPS pair, related, similar);
//   - a documentation page: its own file and every documentation page's
//     front matter (the navigation, previous and next);
//   - the home page, the lists, the category pages, catalog.json and the
//     sitemap: every file's front matter, every scanner report's bytes
//     (the totals), and their own file;
//   - the search index: every file's front matter, and the bodies of the
//     categories and documentation pages (whose text it indexes);
//   - an alias: its target;
//   - a static file: its bytes.
//
// A site with templates of its own may show anything of the catalog
// anywhere (.Site.Catalog): each of its pages depends on every file, front
// matter and body.
//
// The parts many keys share are made once for each Generation
// (makeDigests); a file's own key when it is first asked for.
func (g *Generation) key(name string) uint64 {
	d := g.digests
	k := keyer{seed: g.store.seed}
	k.reset()
	k.str(name)
	if data, ok := g.assets[name]; ok {
		k.bytes(data)
		return k.sum()
	}
	if strings.HasPrefix(name, searchDir) {
		searchDeps(&k, d, g.b)
		return k.sum()
	}
	j, ok := g.jobs[name]
	if !ok { // catalog.json, robots.txt, sitemap.xml
		k.u64(d.all)
		return k.sum()
	}
	k.str(j.tmpl)
	k.u64(d.nav)
	if j.src != nil {
		k.source(j.src)
	}
	switch {
	case g.custom:
		k.u64(d.all)
	case j.img != nil:
		imageDeps(&k, j.img)
	case j.page.Kind == "page":
		k.u64(d.docs)
	case j.page.Kind == "alias", j.page.Kind == "404":
		k.str(j.page.Target)
	default:
		k.u64(d.all)
	}
	return k.sum()
}

// imageDeps adds what an image's page shows of other files.
// searchDeps adds what the search index depends on (see searchFiles).
func searchDeps(k *keyer, d digests, b *builder) {
	k.u64(d.all)
	for _, c := range b.cat.Categories {
		k.source(b.source(&c.Source))
	}
	for _, p := range b.cat.Pages {
		k.source(b.source(&p.Source))
	}
}

func imageDeps(k *keyer, img *catalog.Image) {
	k.scan(img.Scan)
	for _, c := range img.Categories {
		k.front(&c.Source)
	}
	for _, list := range [][]*catalog.Image{{img.FIPS}, {img.FIPSOf}, img.Related, img.Similar} {
		k.str("|")
		for _, o := range list {
			if o != nil {
				k.front(&o.Source)
			}
		}
	}
}

// keyer hashes what a file depends on.
type keyer struct {
	seed maphash.Seed
	h    maphash.Hash
	buf  [8]byte
}

// scan adds the bytes of an image's scanner reports (by their hashes).
func (k *keyer) scan(s catalog.Scan) {
	for _, r := range []*content.Report{s.Report, s.Upstream} {
		if r != nil {
			k.str(r.Path)
			k.u64(r.Hash)
		} else {
			k.str("")
		}
	}
}

func (k *keyer) reset() {
	k.h.SetSeed(k.seed)
}

func (k *keyer) sum() uint64 { return k.h.Sum64() }

func (k *keyer) u64(v uint64) {
	binary.LittleEndian.PutUint64(k.buf[:], v)
	k.h.Write(k.buf[:])
}

func (k *keyer) str(s string) {
	k.u64(uint64(len(s)))
	k.h.WriteString(s)
}

func (k *keyer) bytes(b []byte) {
	k.u64(uint64(len(b)))
	k.h.Write(b)
}

func (k *keyer) bool(v bool) {
	k.str(strconv.FormatBool(v))
}

// front adds a file's path and front matter.
func (k *keyer) front(s *catalog.Source) {
	k.str(s.Path)
	k.u64(s.Front)
}

// source adds a file's path and bytes (front matter and body).
func (k *keyer) source(s *catalog.Source) {
	k.front(s)
	k.u64(s.Sum)
}
