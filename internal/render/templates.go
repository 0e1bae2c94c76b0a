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
	cache    map[string]template.HTML // partialCached results of this build
	sets     map[string]*lazySet
	entry    map[string]string   // page template -> the template to execute
	reserved map[string][]string // page template -> ids its HTML writes
}

// A lazySet is a set of templates cloned from a Theme's when first run:
// an edit's build runs one or two of them.
type lazySet struct {
	get func() *template.Template // nil when it cannot be cloned
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
		"categorySlugs": func(img *catalog.Image) string {
			s := make([]string, len(img.Categories))
			for i, c := range img.Categories {
				s[i] = c.Slug
			}
			return strings.Join(s, " ")
		},
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

// ParseTemplates parses the theme in fsys (its templates/ folder). Every
// problem is reported as "templates/<file>:line: message".
func ParseTemplates(fsys fs.FS, funcs Funcs) (*Templates, error) {
	th, err := ParseTheme(fsys)
	return th.Templates(funcs), err
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
}

// ParseTheme parses the theme in fsys (its templates/ folder), as
// ParseTemplates does.
func ParseTheme(fsys fs.FS) (*Theme, error) {
	var errs content.Errors
	shared := map[string]string{}
	var sharedNames []string
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join("templates", name))
		if err != nil {
			errs.Addf("templates/"+name, 0, "missing template: the theme needs templates/%s", name)
			return "", false
		}
		return string(b), true
	}
	if src, ok := read("baseof.html"); ok {
		shared["baseof.html"] = src
		sharedNames = append(sharedNames, "baseof.html")
	}
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	for _, p := range partials {
		name := strings.TrimPrefix(p, "templates/")
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Addf(p, 0, "cannot read: %v", err)
			continue
		}
		shared[name] = string(b)
		sharedNames = append(sharedNames, name)
	}
	sort.Strings(sharedNames)
	th := &Theme{sets: map[string]*template.Template{}, entry: map[string]string{}, reserved: map[string][]string{}}
	// The functions are looked up when the templates run: parsing needs
	// only their names and types.
	fm := Funcs{}.funcMap()
	fm["partialCached"] = (*Templates)(nil).partialCached
	base := template.New("").Funcs(fm)
	for _, name := range sharedNames {
		if _, err := base.New(name).Parse(shared[name]); err != nil {
			errs.Add(templateError(err))
		}
	}
	var sharedIDs []string
	for _, src := range shared {
		sharedIDs = append(sharedIDs, literalIDs(src)...)
	}
	if errs.Len() > 0 {
		return th, errs.Err()
	}
	th.shared = base
	for _, name := range pageTemplates {
		src, ok := read(name)
		if !ok {
			continue
		}
		set, err := base.Clone()
		if err != nil {
			errs.Addf("templates/"+name, 0, "%v", err)
			continue
		}
		if _, err := set.New(name).Parse(src); err != nil {
			errs.Add(templateError(err))
			continue
		}
		th.sets[name] = set
		th.reserved[name] = append(literalIDs(src), sharedIDs...)
		th.entry[name] = name
		if onlyDefines(set.Lookup(name)) {
			th.entry[name] = "baseof.html"
		}
	}
	return th, errs.Err()
}

// Templates returns the templates of th that call funcs, with a
// partialCached cache of their own. Templates whose theme did not parse
// render nothing.
func (th *Theme) Templates(funcs Funcs) *Templates {
	t := &Templates{sets: map[string]*lazySet{}, entry: th.entry, reserved: th.reserved, cache: map[string]template.HTML{}}
	fm := funcs.funcMap()
	fm["partialCached"] = t.partialCached
	clone := func(set *template.Template) *lazySet {
		return &lazySet{sync.OnceValue(func() *template.Template {
			c, err := set.Clone() // cannot fail: th's templates never run
			if err != nil {
				return nil
			}
			return c.Funcs(fm)
		})}
	}
	if th.shared != nil {
		t.shared = clone(th.shared)
	}
	for name, set := range th.sets {
		t.sets[name] = clone(set)
	}
	return t
}

// partialCached runs the partial name with data once per build for each
// distinct key, and reuses its HTML: the key must say everything the
// partial's output depends on, as in {{partialCached "partials/x.html" .
// .Kind}}. Call it where {{template}} would go, in HTML text.
func (t *Templates) partialCached(name string, data any, key ...any) (template.HTML, error) {
	k := name + "\x00" + fmt.Sprint(key...)
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

// ResetCache forgets what partialCached remembered: call it before a build
// that reuses these templates.
func (t *Templates) ResetCache() {
	t.cacheMu.Lock()
	t.cache = map[string]template.HTML{}
	t.cacheMu.Unlock()
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

// Execute runs the page template name with data.
func (t *Templates) Execute(buf *bytes.Buffer, name string, data any) error {
	var set *template.Template
	if l := t.sets[name]; l != nil {
		set = l.get()
	}
	if set == nil {
		return content.Errorf("templates/"+name, 0, "missing template")
	}
	if err := set.ExecuteTemplate(buf, t.entry[name], data); err != nil {
		return templateError(err)
	}
	return nil
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
