package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/scan"
)

// Page templates, one per kind of page. Each is parsed together with
// "baseof.html" and every file under "partials/".
var pageTemplates = []string{
	"home.html", "categories.html", "category.html", "images.html", "lifecycle.html",
	"image.html", "page.html", "404.html", "alias.html",
}

// Templates is a parsed theme. A page template that only defines blocks
// (such as {{define "main"}}) fills in baseof.html; one with content of its
// own, like alias.html, is a whole page by itself.
type Templates struct {
	shared   *lazySet // baseof.html and the partials
	cacheMu  sync.Mutex
	cache    map[partialKey]template.HTML // partialCached results of this build
	sets     map[string]*lazySet
	entry    map[string]string   // page template -> the template to execute
	reserved map[string][]string // page template -> ids its HTML writes
	// source, when these templates are a theme's minified copy, are the
	// templates as written (see ThemeOptions).
	source     *Templates
	minifyPage func([]byte) ([]byte, error)
}

// A lazySet is a set of templates cloned from a Theme's when first run:
// an edit's build runs one or two of them.
type lazySet struct {
	get func() *template.Template // nil when it cannot be cloned
	// asWritten is a page set without its actions folded or rewritten,
	// run when get's fails: the error it reports names the functions
	// the theme calls.
	asWritten func() *template.Template
}

// Funcs are what templates can call besides the builtins; the site builds
// them for its base URL and assets.
type Funcs struct {
	URL      func(sitePath string) string // a site path under the base path
	AbsURL   func(sitePath string) string // an absolute URL when the base URL has a host
	Asset    func(name string) string     // the fingerprinted URL of a static asset
	Registry func(img *catalog.Image) string
}

// webcal returns the webcal: URL of the calendar at a site path, for
// calendar apps to subscribe to, or "" when the base URL has no host: a
// subscription needs an absolute URL. The scheme is one html/template
// does not know, so the URL is marked safe: it is made from the base URL
// and a site path, never from what a reader typed.
func (f Funcs) webcal(sitePath string) template.URL {
	u := f.AbsURL(sitePath)
	for _, scheme := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(u, scheme); ok {
			return template.URL("webcal://" + rest)
		}
	}
	return ""
}

func (f Funcs) funcMap() template.FuncMap {
	return template.FuncMap{
		"url":    f.URL,
		"absURL": f.AbsURL,
		"asset":  f.Asset,
		"pull": func(img *catalog.Image, tag string) template.HTML {
			return "docker pull " + imageRef(f.Registry(img), img, tag)
		},
		"ref": func(img *catalog.Image, tag string) template.HTML {
			return imageRef(f.Registry(img), img, tag)
		},
		// verify is the Verify section of an image's page, nil when the
		// site does not say how its registry tier is signed.
		"verify": func(site *catalog.Site, img *catalog.Image) *Verify {
			_, signing := site.Tier(img)
			return newVerify(f.Registry(img), signing, site.Attestations, img)
		},
		"registry": f.Registry,
		"webcal":   f.webcal,
		"date":     func(t time.Time) string { return t.Format("2006-01-02") },
		"longDate": func(t time.Time) string { return t.Format("2 January 2006") },
		"join":     strings.Join,
		// first returns at most n images of list, for lists a page shows
		// only the start of.
		"first": func(n int, list []*catalog.Image) []*catalog.Image { return list[:min(max(n, 0), len(list))] },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return "1 " + one
			}
			return strconv.Itoa(n) + " " + many
		},
		"categorySlugs": categorySlugs,
		// counts writes a report's counts, "0 critical, 2 high, ...";
		// negligible and unknown only when there are some.
		"counts": scanCounts,
		// scanTotals adds up the reports of images (catalog.ScanTotals).
		"scanTotals": func(images []*catalog.Image) ScanTotals {
			c, n := catalog.ScanTotals(images)
			return ScanTotals{Counts: c, Scanned: n}
		},
		"searchText": func(img *catalog.Image) string {
			return strings.ToLower(img.Name + " " + img.Title + " " + img.Summary + " " + strings.Join(img.Replaces, " "))
		},
	}
}

// categorySlugs returns the slugs of an image's categories, separated by
// spaces.
func categorySlugs(img *catalog.Image) string {
	switch len(img.Categories) {
	case 0:
		return ""
	case 1:
		return img.Categories[0].Slug
	}
	n := len(img.Categories) - 1
	for _, c := range img.Categories {
		n += len(c.Slug)
	}
	var b strings.Builder
	b.Grow(n)
	for i, c := range img.Categories {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Slug)
	}
	return b.String()
}

// ParseTemplates parses the theme in fsys (its templates/ folder). Every
// problem is reported as "templates/<file>:line: message".
func ParseTemplates(fsys fs.FS, funcs Funcs, opts ThemeOptions) (*Templates, error) {
	th, err := ParseTheme(fsys, opts)
	return th.Templates(funcs), err
}

// ThemeOptions say how a theme's pages are minified, if they are. Both
// functions are set, or neither.
//
// A theme is minified once, when it is parsed: each template's source is
// minified as HTML with Go template actions in it, and pages come out of
// the templates minified, their Markdown bodies minified by the Markdown
// renderer (MarkdownOptions.Minify). What the templates insert is written
// as html/template escapes it. That costs a page's build a fraction of
// minifying the whole page after it is made.
//
// The theme as written is parsed too: its errors, lines and reserved ids
// are the ones reported, and it runs again a page whose minified template
// fails, so that an error names the line as written. Should the minified
// copy fail where the theme as written runs, or not parse, the page is made
// from the theme as written and minified whole; so are all pages of a
// theme with an action inside a script, style or textarea element, where
// the minifier would collapse spaces that matter.
type ThemeOptions struct {
	MinifyTemplate func(src []byte) ([]byte, error) // HTML with template actions
	MinifyPage     func(page []byte) ([]byte, error)
}

// A Theme is a theme's templates parsed and never run: Templates makes
// the templates of one build from it with the build's functions, which is
// cheaper than parsing them again (a dev server makes them after every
// edit). It is safe for concurrent use.
type Theme struct {
	shared   *template.Template
	sets     map[string]*template.Template
	entry    map[string]string
	reserved map[string][]string
	// source is the theme as written when this one is its minified copy;
	// minifyPage minifies a page made from it.
	source     *Theme
	minifyPage func([]byte) ([]byte, error)
	chains     []escChain // the escaper chains its actions are rewritten from (escape.go)
}

// themeSource is the text of a theme's templates.
type themeSource struct {
	shared      map[string]string // baseof.html and the partials, by name
	sharedNames []string          // sorted
	pages       map[string]string // the page templates there are
}

func missingTemplate(name string) *content.Error {
	return content.Errorf("templates/"+name, 0, "missing template: the theme needs templates/%s", name)
}

// ParseTheme parses the theme in fsys (its templates/ folder), as
// ParseTemplates does.
func ParseTheme(fsys fs.FS, opts ThemeOptions) (*Theme, error) {
	src, errs := readTheme(fsys)
	th := parseTheme(src, &errs)
	th.chains = probedChains()
	if errs.Len() > 0 || opts.MinifyTemplate == nil || opts.MinifyPage == nil {
		return th, errs.Err()
	}
	if min := minifyTheme(src, opts.MinifyTemplate); min != nil {
		var minErrs content.Errors
		if m := parseTheme(*min, &minErrs); minErrs.Len() == 0 && len(m.sets) == len(th.sets) {
			m.entry, m.reserved = th.entry, th.reserved
			m.source, m.minifyPage, m.chains = th, opts.MinifyPage, th.chains
			return m, nil
		}
	}
	return th, nil
}

// readTheme reads the templates of the theme in fsys.
func readTheme(fsys fs.FS) (themeSource, content.Errors) {
	var errs content.Errors
	src := themeSource{shared: map[string]string{}, pages: map[string]string{}}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join("templates", name))
		return string(b), err == nil
	}
	if s, ok := read("baseof.html"); ok {
		src.shared["baseof.html"] = s
		src.sharedNames = append(src.sharedNames, "baseof.html")
	} else {
		errs.Add(missingTemplate("baseof.html"))
	}
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	for _, p := range partials {
		name := strings.TrimPrefix(p, "templates/")
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Addf(p, 0, "cannot read: %v", err)
			continue
		}
		src.shared[name] = string(b)
		src.sharedNames = append(src.sharedNames, name)
	}
	sort.Strings(src.sharedNames)
	for _, name := range pageTemplates {
		if s, ok := read(name); ok {
			src.pages[name] = s
		}
	}
	return src, errs
}

// parseTheme parses the templates of src; problems go to errs.
func parseTheme(src themeSource, errs *content.Errors) *Theme {
	th := &Theme{sets: map[string]*template.Template{}, entry: map[string]string{}, reserved: map[string][]string{}}
	// The functions are looked up when the templates run: parsing needs
	// only their names and types.
	fm := Funcs{}.funcMap()
	fm["partialCached"] = (*Templates)(nil).partialCached
	base := template.New("").Funcs(fm)
	for _, name := range src.sharedNames {
		if _, err := base.New(name).Parse(src.shared[name]); err != nil {
			errs.Add(templateError(err))
		}
	}
	var sharedIDs []string
	for _, s := range src.shared {
		sharedIDs = append(sharedIDs, literalIDs(s)...)
	}
	if errs.Len() > 0 {
		return th
	}
	th.shared = base
	for _, name := range pageTemplates {
		s, ok := src.pages[name]
		if !ok {
			errs.Add(missingTemplate(name))
			continue
		}
		set, err := base.Clone()
		if err != nil {
			errs.Addf("templates/"+name, 0, "%v", err)
			continue
		}
		if _, err := set.New(name).Parse(s); err != nil {
			errs.Add(templateError(err))
			continue
		}
		th.sets[name] = set
		th.reserved[name] = append(literalIDs(s), sharedIDs...)
		th.entry[name] = name
		if onlyDefines(set.Lookup(name)) {
			th.entry[name] = "baseof.html"
		}
	}
	return th
}

// minifyTheme returns src with every template minified, or nil when one
// cannot be. Comments go first: they write nothing, and the minifier
// reads a quote in one ("the image's") as the start of a string. A
// template with an action inside a script, style or textarea element is
// not minified, nor then the theme: the minifier would collapse the
// spaces there as in text, a script's strings included.
func minifyTheme(src themeSource, minify func([]byte) ([]byte, error)) *themeSource {
	min := themeSource{shared: map[string]string{}, sharedNames: src.sharedNames, pages: map[string]string{}}
	do := func(s string) (string, bool) {
		if actionInRawText(s) {
			return "", false
		}
		out, err := minify([]byte(templateCommentRE.ReplaceAllString(s, "{{$1/**/$2}}")))
		return string(out), err == nil
	}
	for name, s := range src.shared {
		m, ok := do(s)
		if !ok {
			return nil
		}
		min.shared[name] = m
	}
	for name, s := range src.pages {
		m, ok := do(s)
		if !ok {
			return nil
		}
		min.pages[name] = m
	}
	return &min
}

// actionInRawText reports whether a template has a template action in
// the text of a script, style or textarea element.
func actionInRawText(src string) bool {
	lower := strings.ToLower(src)
	for _, tag := range []string{"script", "style", "textarea"} {
		for rest := lower; ; {
			i := strings.Index(rest, "<"+tag)
			if i < 0 {
				break
			}
			rest = rest[i+1+len(tag):]
			open := strings.IndexByte(rest, '>')
			if open < 0 {
				break
			}
			rest = rest[open+1:]
			text, _, _ := strings.Cut(rest, "</"+tag)
			if strings.Contains(text, "{{") {
				return true
			}
		}
	}
	return false
}

// templateCommentRE matches a template comment, {{/* ... */}}, with its
// trim markers if any.
var templateCommentRE = regexp.MustCompile(`\{\{(- )?/\*[\s\S]*?\*/( -)?\}\}`)

// Templates returns the templates of th that call funcs, with a
// partialCached cache of their own. Templates whose theme did not parse
// render nothing.
func (th *Theme) Templates(funcs Funcs) *Templates {
	t := &Templates{sets: map[string]*lazySet{}, entry: th.entry, reserved: th.reserved, cache: map[partialKey]template.HTML{}}
	fm := funcs.funcMap()
	fm["partialCached"] = t.partialCached
	// What foldConstants rewrites partialCached with no key or one to.
	fm["_sitegen_partialCached0"] = func(name string, data any) template.HTML { return must(t.partial(cacheKey(name, nil), data)) }
	fm["_sitegen_partialCached1"] = func(name string, data, key any) template.HTML { return must(t.partialCached1(name, data, key)) }
	// A page set runs one template, its entry: it is escaped, its
	// constant links folded and its actions rewritten before it is first
	// used (foldConstants).
	f := newFolder(funcs, fm, th.chains)
	clone := func(set *template.Template, entry string) *lazySet {
		plain := func() *template.Template {
			c, err := set.Clone() // cannot fail: th's templates never run
			if err != nil {
				return nil
			}
			return c.Funcs(fm)
		}
		asWritten := sync.OnceValue(plain)
		l := &lazySet{get: asWritten, asWritten: asWritten} // nothing to rewrite without an entry
		if entry != "" {
			l.get = sync.OnceValue(func() *template.Template {
				if c := plain(); c != nil {
					return foldConstants(c, entry, f)
				}
				return nil
			})
		}
		return l
	}
	if th.shared != nil {
		t.shared = clone(th.shared, "")
	}
	if th.source != nil {
		t.source, t.minifyPage = th.source.Templates(funcs), th.minifyPage
	}
	for name, set := range th.sets {
		t.sets[name] = clone(set, th.entry[name])
	}
	return t
}

// partialCached runs the partial name with data once per build for each
// distinct key, and reuses its HTML: the key must say everything the
// partial's output depends on, as in {{partialCached "partials/x.html" .
// .Kind}}. Call it where {{template}} would go, in HTML text. Each key
// argument is printed apart ("ab" "c" is not "a" "bc").
func (t *Templates) partialCached(name string, data any, key ...any) (template.HTML, error) {
	return t.partial(cacheKey(name, key), data)
}

// partialCached1 is partialCached with one key, without a slice.
func (t *Templates) partialCached1(name string, data, key any) (template.HTML, error) {
	if s, ok := key.(string); ok {
		return t.partial(partialKey{name, true, s}, data)
	}
	return t.partial(cacheKey(name, []any{key}), data)
}

// must returns html, or panics with err: text/template allocates each
// result of a function it calls, an error too, and reports a panic as the
// error of the call.
func must(html template.HTML, err error) template.HTML {
	if err != nil {
		panic(err)
	}
	return html
}

// partial runs the partial k.name with data once per key k.
func (t *Templates) partial(k partialKey, data any) (template.HTML, error) {
	name := k.name
	t.cacheMu.Lock()
	html, ok := t.cache[k]
	t.cacheMu.Unlock()
	if ok {
		return html, nil
	}
	var buf bytes.Buffer
	if err := t.shared.get().ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	html = template.HTML(buf.String())
	t.cacheMu.Lock()
	t.cache[k] = html
	t.cacheMu.Unlock()
	return html, nil
}

// partialKey is the key of partialCached's cache: the partial's name and
// its key arguments, a single string as it is (the usual key, taken
// without copying it), else each printed after its length.
type partialKey struct {
	name  string
	plain bool
	key   string
}

func cacheKey(name string, key []any) partialKey {
	if len(key) == 1 {
		if s, ok := key[0].(string); ok {
			return partialKey{name, true, s}
		}
	}
	var b []byte
	for _, k := range key {
		s, ok := k.(string)
		if !ok {
			s = fmt.Sprint(k)
		}
		b = append(strconv.AppendInt(b, int64(len(s)), 10), ':')
		b = append(b, s...)
	}
	return partialKey{name, false, string(b)}
}

// ResetCache forgets what partialCached remembered: call it before a build
// that reuses these templates.
func (t *Templates) ResetCache() {
	t.cacheMu.Lock()
	t.cache = map[partialKey]template.HTML{}
	t.cacheMu.Unlock()
	if t.source != nil {
		t.source.ResetCache()
	}
}

// ReservedIDs returns the element ids that the page template name writes
// itself (literal id="..." attributes in it, baseof.html and partials), so
// that Markdown headings on that page get other ids.
func (t *Templates) ReservedIDs(name string) []string { return t.reserved[name] }

var literalIDRE = regexp.MustCompile(`\sid="([A-Za-z0-9_-]+)"`)

func literalIDs(src string) []string {
	var ids []string
	for _, m := range literalIDRE.FindAllStringSubmatch(src, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// Minified reports whether the pages Execute makes are minified.
func (t *Templates) Minified() bool { return t.source != nil }

// Execute runs the page template name with data, appending the page to
// buf.
func (t *Templates) Execute(buf *bytes.Buffer, name string, data any) error {
	start := buf.Len()
	err := t.execute(buf, name, data)
	if err == nil || t.source == nil {
		return err
	}
	// Run the theme as written: its error names the line as written; if
	// it has none, only the minified copy failed.
	buf.Truncate(start)
	if err := t.source.execute(buf, name, data); err != nil {
		return err
	}
	if page, err := t.minifyPage(buf.Bytes()[start:]); err == nil {
		buf.Truncate(start)
		buf.Write(page)
	}
	return nil
}

func (t *Templates) execute(buf *bytes.Buffer, name string, data any) error {
	var set *template.Template
	l := t.sets[name]
	if l != nil {
		set = l.get()
	}
	if set == nil {
		return content.Errorf("templates/"+name, 0, "missing template")
	}
	start := buf.Len()
	err := set.ExecuteTemplate(buf, t.entry[name], data)
	if err == nil {
		return nil
	}
	// Run the page set as written: its error names what the theme
	// calls, not what its actions were rewritten to; if it has none,
	// only the rewritten set failed, and its page is the page.
	buf.Truncate(start)
	if written := l.asWritten(); written != nil && written != set {
		if err = written.ExecuteTemplate(buf, t.entry[name], data); err == nil {
			return nil
		}
		buf.Truncate(start)
	}
	return templateError(err)
}

// text/template reports "template: NAME:LINE: msg" or, when executing,
// "template: NAME:LINE:COL: executing "X" at <.Y>: msg"; html/template's
// escaper reports "html/template:NAME:LINE:COL: msg" or, without a line,
// "html/template:NAME: msg".
var templateErrRE = regexp.MustCompile(`^(?:html/)?template: ?([^:\s"]+\.html)(?::(\d+))?(?::(\d+))?: (.*)$`)

func templateError(err error) *content.Error {
	msg := err.Error()
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return &content.Error{Path: "templates/" + m[1], Line: line, Column: col, Msg: "template error: " + m[4]}
	}
	return &content.Error{Path: "templates", Msg: "template error: " + msg}
}

// onlyDefines reports whether t has nothing but blank text outside its
// {{define}} blocks.
func onlyDefines(t *template.Template) bool {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		tn, ok := n.(*parse.TextNode)
		if !ok || len(bytes.TrimSpace(tn.Text)) > 0 {
			return false
		}
	}
	return true
}

// ScanTotals are the added counts of the scanner reports of a list of
// images, and how many of them have a report.
type ScanTotals struct {
	Counts  scan.Counts
	Scanned int
}

func scanCounts(c scan.Counts) string {
	parts := []string{
		strconv.Itoa(c.Critical) + " critical", strconv.Itoa(c.High) + " high",
		strconv.Itoa(c.Medium) + " medium", strconv.Itoa(c.Low) + " low",
	}
	if c.Negligible > 0 {
		parts = append(parts, strconv.Itoa(c.Negligible)+" negligible")
	}
	if c.Unknown > 0 {
		parts = append(parts, strconv.Itoa(c.Unknown)+" unknown")
	}
	return strings.Join(parts, ", ")
}
