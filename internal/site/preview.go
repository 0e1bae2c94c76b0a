package site

import (
	"bytes"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitegen/sitegen/internal/content"
)

// A Preview makes single output files of a build under way, on demand, so
// that a dev server can answer before the build is done (see
// Options.Preview). Each file is byte for byte the one the build writes:
//
//   - a page (index.html, 404.html, an alias) is rendered on the spot:
//     Markdown, template, minified;
//   - static files, fingerprinted CSS and JavaScript and content resources
//     are the ones the build published before its pages;
//   - sitemap.xml, robots.txt and catalog.json are made on the spot, and
//     the search index once, when one of its files is first asked for.
//
// A page the build has rendered, or is rendering, is taken from the build
// rather than rendered twice.
//
// A Preview knows what its build knew before rendering: a page it renders
// may still fail the build, whose broken links and anchors are found only
// once every page is rendered. It is safe for concurrent use, alongside the
// build, and stays usable after it.
type Preview struct {
	b      *builder
	pages  map[string]job    // by output file; copies of the build's jobs
	jobs   []*job            // the same, in the build's order, for the sitemap
	assets map[string][]byte // by output file
	search func() map[string][]byte
}

// preview returns a Preview of the build about to render jobs, after it
// published assets. The jobs are copied, page data and sources included,
// since rendering them fills in and empties what they hold.
func (b *builder) preview(jobs []*job, assets map[string][]byte) *Preview {
	p := &Preview{b: b, pages: make(map[string]job, len(jobs)), jobs: make([]*job, len(jobs)), assets: assets,
		search: sync.OnceValue(b.searchFiles)}
	b.progress = make(map[string]*progress, len(jobs))
	for i, j := range jobs {
		b.progress[j.out] = &progress{done: make(chan struct{})}
		c := job{out: j.out, tmpl: j.tmpl, reread: j.reread}
		page := *j.page
		c.page = &page
		if j.src != nil {
			src := *j.src
			c.src = &src
		}
		p.pages[j.out] = c
		p.jobs[i] = &c
	}
	return p
}

// Has reports whether the build makes the file name (a slash path such as
// "images/go/index.html"), without making it.
func (p *Preview) Has(name string) bool {
	if _, ok := p.pages[name]; ok {
		return true
	}
	if _, ok := p.assets[name]; ok {
		return true
	}
	switch name {
	case "sitemap.xml", "robots.txt", "catalog.json":
		return true
	}
	if strings.HasPrefix(name, searchDir) {
		_, ok := p.search()[name]
		return ok
	}
	return false
}

// File makes the file name. The error is fs.ErrNotExist when the build
// makes no such file, and the page's problems ("path:line: message") when
// it cannot be rendered. The slice must not be modified.
func (p *Preview) File(name string) ([]byte, error) {
	if j, ok := p.pages[name]; ok {
		return p.page(j)
	}
	if data, ok := p.assets[name]; ok {
		return data, nil
	}
	switch name {
	case "sitemap.xml", "robots.txt", "catalog.json":
		files, err := p.b.extraFiles(p.jobs)
		if err != nil && name == "catalog.json" {
			return nil, err
		}
		return files[name], nil
	}
	if data, ok := p.search()[name]; ok {
		return data, nil
	}
	return nil, &fs.PathError{Op: "preview", Path: name, Err: fs.ErrNotExist}
}

// page returns the build's page when the build has started it, and else
// renders j's page into a copy of its data, as renderJob does.
func (p *Preview) page(j job) ([]byte, error) {
	if pr := p.b.progress[j.out]; pr.started.Load() {
		<-pr.done
		if data, ok := p.b.made(j.out); ok {
			return data, nil
		}
	}
	page := *j.page
	var buf bytes.Buffer
	if _, perr := p.b.renderPage(&buf, j.tmpl, &page, j.src, j.reread); perr != nil {
		var errs content.Errors
		errs.Merge(perr.path, perr.err)
		return nil, errs.Err()
	}
	return p.b.minify("text/html", buf.Bytes()), nil
}

// progress is how far the build is with one page, for its preview.
type progress struct {
	started atomic.Bool
	done    chan struct{} // closed once the page is rendered or failed
}

// made returns an output file the build has made and keeps in memory.
func (b *builder) made(name string) ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.files[name]
	return data, ok
}
