// Package content reads a site's Markdown sources from an fs.FS into typed
// documents. It implements the content model:
//
//	content/_index.md            the home page; its front matter holds site settings
//	content/categories/<slug>.md one file per category
//	content/images/<name>.md     one file per image
//	content/<any other path>.md  a documentation page
//
// Every file starts with front matter: YAML between a first line "---" and
// the next "---", or TOML between "+++" lines. The rest is the Markdown body.
// A UTF-8 byte-order mark and CRLF line endings are accepted.
//
// Home page keys: title (required), description, baseURL, registry (default
// cgr.dev/chainguard), productionRegistry (default cgr.dev/ORGANIZATION),
// rawHTML (sitegen's extension: true passes raw HTML in Markdown
// through; by default it is dropped), pageSize (images per page of the
// paginated lists, a whole number of at least 1; default 100), platforms
// (the platforms of an image that names none), signing.public and
// signing.production (how the images of registry and of
// productionRegistry are signed: an https issuer and exactly one of
// identity and identityRegexp, which must be a valid regular expression)
// attestations (predicate type URIs, http or https) and scanMaxAge (the
// age in days, a whole number of at least 1, after which a scanner report
// is shown as stale; default 30).
//
// A platform is os/arch or os/arch/variant in lower case (linux/amd64,
// linux/arm/v7); a list of platforms or attestations names each once.
//
// Category keys: title and summary (required), weight, responsibility.vendor,
// responsibility.customer, migration.effort (low, medium or high) and
// migration.steps. The slug is the file name: lower-case letters, digits and
// "-".
//
// Image keys: summary and categories (required), title, upstream, tags,
// versions (a list of {version, eol}), user, shell, entrypoint, workdir,
// compatibility, replaces, featured, related, fips, draft, lastmod, date,
// aliases, platforms (overrides the site's) and size (the compressed size,
// a number and a unit: kB, MB, GB, KiB, MiB or GiB, like "12.4 MB"),
// scan.report and scan.upstream (Grype or Trivy JSON reports of the image
// and of the upstream image it replaces: paths relative to content/, like
// reports/web.grype.json, of .json files; ReadReports reads them). The
// name is the file name: lower-case letters, digits, ".", "_"
// and "-", starting with a letter or digit. date (YYYY-MM-DD, checked like
// lastmod) is the day the image joined the catalog: the Atom feeds list an
// image as added on date and as updated on lastmod, and leave out an image
// that has neither; the site marks the image "New" on that day and the 29
// days after (catalog.NewDays).
//
// Documentation page keys: title (required), summary, weight (order in the
// navigation), draft, lastmod and aliases. content/a/b.md is published at
// /a/b/; content/a/_index.md and content/a/index.md at /a/.
//
// Files whose names start with "." and editors' and tools' side files (see
// Ignored) are never read. Other files
// under content/ that are not Markdown are page resources, copied beside the
// pages, except the scanner reports images name (the site leaves those
// out). Unknown keys are errors that suggest the nearest known key; missing
// required keys and values of the wrong type are errors too (a quoted
// number or a quoted true or false is taken as one). YAML aliases, merge
// keys and front matter nested more than 32 levels deep are refused. Load
// reports every problem of every file together, each as "path:line:
// message", the line being that of the file, front matter included.
//
// JSONSchemas describes the same keys as JSON Schemas, for editors; they
// are made from the decoder's own field tables.
package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// MaxFileSize is the largest source file Load reads.
const MaxFileSize = 8 << 20

// Kind says which part of the content model a file is.
type Kind int

const (
	HomeKind Kind = iota
	CategoryKind
	ImageKind
	PageKind
)

// A Document is one parsed Markdown file.
type Document struct {
	Path     string // slash path from the site root, e.g. "content/images/go.md"
	Kind     Kind
	Body     []byte // the Markdown after the front matter
	BodyLine int    // the file line the body starts on
	Front    uint64 // a hash of the front matter text: equal when only the body changed
	Sum      uint64 // a hash of the file's bytes: equal when the file did not change

	Home     *Home     // for HomeKind
	Category *Category // for CategoryKind
	Image    *Image    // for ImageKind
	Page     *Page     // for PageKind
}

// Home holds the site settings from content/_index.md.
type Home struct {
	Title              string
	Description        string
	BaseURL            string
	Registry           string
	ProductionRegistry string
	RawHTML            bool
	PageSize           int // 0 when not given

	Platforms    Strings // the platforms of an image that names none
	Signing      struct{ Public, Production *Signing }
	Attestations Strings // predicate type URIs every image carries
	ScanMaxAge   int     // days after which a report is stale; 0 when not given
}

// Category is the front matter of content/categories/<slug>.md.
type Category struct {
	Slug       string
	Title      string
	Summary    string
	Weight     int
	Vendor     []string
	Customer   []string
	Effort     string
	EffortLine int
	Steps      []string
}

// Image is the front matter of content/images/<name>.md.
type Image struct {
	Name          string
	Title         string
	Summary       string
	Categories    Strings
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
	Related       Strings
	FIPS          string
	FIPSLine      int
	Draft         bool
	Lastmod       Date
	Added         Date // "date": when the image joined the catalog
	Aliases       Strings
	Platforms     Strings // os/arch[/variant]; none: the site's
	Size          string  // a number and a unit, e.g. "12.4 MB"
	SizeLine      int
	Scan          Scan // scanner reports of the image and of its upstream
}

// Version is one version stream of an image.
type Version struct {
	Version string
	EOL     Date
}

// Page is the front matter of a documentation page.
type Page struct {
	URL     string // the page's site path, e.g. "/guides/migrating/"
	Title   string
	Summary string
	Weight  int
	Draft   bool
	Lastmod Date
	Aliases Strings
}

// A Resource is a file under content/ that is not Markdown.
type Resource struct {
	Path string // slash path from the site root
}

// Site is everything Load read.
type Site struct {
	Documents []*Document
	Resources []Resource
	Failed    []string // paths of Markdown files that could not be read at all

	dropBodies bool       // LoadOptions.DropBodies, for Apply
	unkept     [][]unkept // documents parsed, for KeepParsed to keep in keep
	keep       Cache
}

// slugRE and imageNameRE are the forms of category slugs and image names,
// as the JSON Schemas give them; isSlug and isImageName check them.
var (
	slugRE      = regexp.MustCompile(`^[a-z0-9-]+$`)
	imageNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
)

// isSlug reports whether s matches slugRE, without the regexp engine:
// classify asks it of every file.
func isSlug(s string) bool {
	for i := range len(s) {
		if !lowerOrDigit(s[i]) && s[i] != '-' {
			return false
		}
	}
	return s != ""
}

// isImageName reports whether s matches imageNameRE.
func isImageName(s string) bool {
	for i := range len(s) {
		if !lowerOrDigit(s[i]) && (i == 0 || s[i] != '.' && s[i] != '_' && s[i] != '-') {
			return false
		}
	}
	return s != ""
}

func lowerOrDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// Load reads every file under content/ in fsys. It returns all it could
// read and, joined, every problem found.
func Load(fsys fs.FS) (*Site, error) {
	return LoadWith(fsys, LoadOptions{})
}

// LoadWith is Load with options; the site it returns is the one Load
// returns, but for what opts say.
func LoadWith(fsys fs.FS, opts LoadOptions) (*Site, error) {
	var errs Errors
	site := &Site{dropBodies: opts.DropBodies}
	if info, err := fs.Stat(fsys, "content"); err != nil || !info.IsDir() {
		errs.Addf("content", 0, "no content folder: a site needs content/_index.md and content/images/<name>.md files")
		return site, errs.Err()
	}
	var markdown []string
	walkErr := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Addf(p, 0, "cannot read: %v", unwrapPath(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != "content" && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				errs.Addf(p, 0, "symbolic link cannot be followed (%v): a link loop or a missing target; point it at a file or remove it", unwrapPath(err))
				return nil
			}
			if info.IsDir() {
				errs.Addf(p, 0, "symbolic link to a folder is not followed; link the files inside it or copy the folder")
				return nil
			}
		}
		if !strings.HasSuffix(name, ".md") {
			site.Resources = append(site.Resources, Resource{Path: p})
			return nil
		}
		markdown = append(markdown, p)
		return nil
	})
	if walkErr != nil {
		errs.Addf("content", 0, "cannot read: %v", walkErr)
	}
	docs := readDocuments(fsys, markdown, opts, &errs, site)
	for i, doc := range docs {
		if doc != nil {
			site.Documents = append(site.Documents, doc)
		} else {
			site.Failed = append(site.Failed, markdown[i])
		}
	}
	sort.Slice(site.Documents, func(i, j int) bool { return site.Documents[i].Path < site.Documents[j].Path })
	return site, errs.Err()
}

// readDocuments reads and parses the files at paths on all cores. The
// result is parallel to paths, nil where a file could not be read at all.
// The documents to keep in the cache later (LoadOptions.KeepLater) go to
// site.
func readDocuments(fsys fs.FS, paths []string, opts LoadOptions, errs *Errors, site *Site) []*Document {
	docs := make([]*Document, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	readers := make([]reader, workers)
	lookUp := lookUpFiles(opts)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &readers[w]
			*r = reader{fsys: fsys, opts: opts, errs: new(Errors), lookUp: lookUp}
			if opts.KeepLater && opts.Cache != nil {
				r.unkept = make([]unkept, 0, len(paths)/workers+len(paths)/64)
			}
			for i := range next {
				docs[i] = r.read(paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range readers {
		errs.list = append(errs.list, r.errs.list...)
		if len(r.unkept) > 0 {
			site.unkept, site.keep = append(site.unkept, r.unkept), opts.Cache
		}
	}
	return docs
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Read reads and parses one Markdown file of fsys, as Load does.
func Read(fsys fs.FS, p string) (*Document, error) {
	var errs Errors
	r := reader{fsys: fsys, errs: &errs}
	doc := r.read(p)
	return doc, errs.Err()
}

// A reader reads documents one after the other, as opts say.
type reader struct {
	fsys   fs.FS
	opts   LoadOptions
	errs   *Errors
	lookUp bool   // looks files up in the cache by their identity (see lookUpFiles)
	buf    []byte // the last file's bytes, for the next when no document keeps them

	scratch scratch  // for file after file
	unkept  []unkept // the documents parsed, to keep later (LoadOptions.KeepLater)
}

// read reads and parses the file at p, or takes what an earlier run
// parsed of the same bytes from opts.Cache.
func (r *reader) read(p string) *Document {
	if doc := r.unchanged(p); doc != nil {
		return doc
	}
	var buf []byte
	if r.opts.DropBodies { // no document keeps the bytes it was read from
		buf = r.buf[:0]
	}
	start := time.Now()
	src, info, err := readFile(r.fsys, p, buf)
	if err != nil {
		r.errs.Add(err)
		return nil
	}
	if r.opts.DropBodies {
		r.buf = src
	}
	sum := sha256.Sum256(src)
	doc, data, fresh := r.readDocument(p, src, &sum)
	switch id := settledID(r.opts, info, start); {
	case fresh && r.opts.KeepLater:
		r.unkept = append(r.unkept, unkept{doc: doc, sum: sum, bodyLen: bodyLen(doc), id: id})
		if r.opts.DropBodies {
			doc.Body = nil
		}
	case data != nil && id != "":
		r.opts.Cache.Put(statKey(p, id), append(sum[:len(sum):len(sum)], data...))
	}
	return doc
}

// readFile reads the file at p into buf (from its start), growing it as
// needed, and returns its bytes and what Stat said of it before the read.
func readFile(fsys fs.FS, p string, buf []byte) ([]byte, fs.FileInfo, *Error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, nil, Errorf(p, 0, "cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, Errorf(p, 0, "cannot read: %v", unwrapPath(err))
	}
	if info.Size() > MaxFileSize {
		return nil, nil, Errorf(p, 0, "file is %d bytes; the largest file sitegen reads is %d MiB: split it into several pages", info.Size(), MaxFileSize>>20)
	}
	buf = slices.Grow(buf[:0], int(info.Size())+1) // +1: EOF is seen without growing
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, info, nil
		}
		if err != nil {
			return nil, nil, Errorf(p, 0, "cannot read: %v", unwrapPath(err))
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 4096) // the file grew since
		}
	}
}

// readDocument parses src, the bytes of the file at p whose SHA-256 is
// sum, or takes what an earlier run parsed of the same bytes from the
// cache. data is the document as the cache keeps it, nil when it does not
// (no cache, a file with problems, or one to keep later). fresh reports a
// document parsed without problems that the cache did not hold: with
// LoadOptions.KeepLater, it is the caller's to keep, and to let go of
// its body.
func (r *reader) readDocument(p string, src []byte, sum *[32]byte) (doc *Document, data []byte, fresh bool) {
	opts := r.opts
	if opts.Cache != nil {
		if data, ok := opts.Cache.Get(docKey(p, sum)); ok {
			if doc := fromCache(opts, p, sum, data, src); doc != nil {
				return doc, data, false
			}
		}
	}
	doc, err := parse(p, src, sum, &r.scratch)
	r.errs.Merge(p, err)
	if doc == nil {
		return nil, nil, false
	}
	fresh = opts.Cache != nil && err == nil
	if fresh && opts.KeepLater {
		return doc, nil, true
	}
	if fresh {
		data = keepDoc(opts.Cache, p, sum, doc, bodyLen(doc))
	}
	if opts.DropBodies {
		doc.Body = nil
	}
	return doc, data, fresh
}

// fromCache returns the document at p whose bytes, src, hash to sum,
// from what the cache kept of it, or nil when that cannot be decoded.
func fromCache(opts LoadOptions, p string, sum *[32]byte, data, src []byte) *Document {
	if opts.DropBodies {
		src = nil
	} else {
		src = normalize(src)
	}
	doc, err := decodeDoc(p, data, src)
	if err != nil {
		return nil
	}
	doc.Sum = binary.LittleEndian.Uint64(sum[:])
	return doc
}

// ReadBody reads the Markdown body of the file at p again, for a build
// that let go of bodies once it had parsed them, to keep its memory small.
// front is the file's Document.Front; a file whose front matter is no
// longer what the build parsed is an error, as the pages built so far
// would not agree with it.
func ReadBody(fsys fs.FS, p string, front uint64) (body []byte, bodyLine int, err error) {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, 0, Errorf(p, 0, "cannot read: %v", unwrapPath(err))
	}
	_, fm, body, bodyLine, err := splitFrontMatter(normalize(src))
	if err != nil || frontHash(fm) != front {
		return nil, 0, Errorf(p, 0, "the file changed while the site was building: build again")
	}
	return body, bodyLine, nil
}

func frontHash(fm []byte) uint64 {
	h := fnv.New64a()
	h.Write(fm)
	return h.Sum64()
}

// Parse parses one source file; p, its slash path from the site root, says
// what kind of file it is. It returns the document and every problem in it.
func Parse(p string, src []byte) (*Document, error) {
	sum := sha256.Sum256(src)
	return parse(p, src, &sum, new(scratch))
}

// A scratch is what one goroutine parsing file after file reuses: the
// table that decodes images and the fast YAML parser's room.
type scratch struct {
	images  imageTable
	yaml    fastParser
	decoder decoder
	errs    Errors // the problems of the file being parsed
}

// parse is Parse of src whose SHA-256 is sum, with s's tables and room.
func parse(p string, src []byte, sum *[32]byte, s *scratch) (*Document, error) {
	s.errs.list = s.errs.list[:0] // Err copies them
	errs := &s.errs
	doc := &Document{Path: p, Sum: binary.LittleEndian.Uint64(sum[:])}
	kind, name, url, ok := classify(p, errs)
	if !ok {
		return nil, errs.Err()
	}
	doc.Kind = kind
	if len(src) > MaxFileSize {
		errs.Addf(p, 0, "file is %d bytes; the largest file sitegen reads is %d MiB: split it into several pages", len(src), MaxFileSize>>20)
		return nil, errs.Err()
	}
	src = normalize(src)
	if !utf8.Valid(src) {
		errs.Addf(p, firstInvalidLine(src), "file is not valid UTF-8 text: save it as UTF-8")
		return nil, errs.Err()
	}
	if len(bytes.TrimSpace(src)) == 0 {
		errs.Addf(p, 0, "file is empty: it needs front matter between \"---\" lines with at least %s", requiredKeys(kind))
		return nil, errs.Err()
	}
	format, fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		errs.Addf(p, 1, "%v", err)
		return nil, errs.Err()
	}
	if format == "" {
		errs.Addf(p, 1, "no front matter: start the file with a line \"---\", then %s, then a line \"---\"", requiredKeys(kind))
		return nil, errs.Err()
	}
	doc.Body, doc.BodyLine = body, bodyLine
	doc.Front = frontHash(fm)
	root, lerr := parseFrontMatter(format, fm, 2, &s.yaml)
	if lerr != nil {
		errs.Addf(p, lerr.line, "%s", lerr.msg)
		return nil, errs.Err()
	}
	d := &s.decoder
	*d = decoder{path: p, errs: errs, images: &s.images}
	switch kind {
	case HomeKind:
		doc.Home = decodeHome(d, root)
	case CategoryKind:
		doc.Category = decodeCategory(d, root, name)
	case ImageKind:
		doc.Image = decodeImage(d, root, name)
	case PageKind:
		doc.Page = decodePage(d, root, url)
	}
	return doc, errs.Err()
}

func firstInvalidLine(src []byte) int {
	line := 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		src = src[size:]
	}
	return line
}

// normalize drops a byte-order mark and turns CRLF and lone CR into LF.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

func requiredKeys(k Kind) string {
	switch k {
	case ImageKind:
		return "\"summary\" and \"categories\""
	case CategoryKind:
		return "\"title\" and \"summary\""
	}
	return "\"title\""
}

// classify tells a file's kind from its path, with the name or URL it gives.
func classify(p string, errs *Errors) (kind Kind, name, url string, ok bool) {
	rel := strings.TrimPrefix(p, "content/")
	dir, file := path.Split(rel)
	stem := strings.TrimSuffix(file, ".md")
	switch {
	case rel == "_index.md":
		return HomeKind, "", "/", true
	case dir == "categories/":
		if stem == "_index" || stem == "index" {
			errs.Addf(p, 0, "content/categories/ holds one file per category; the categories index page is generated: move this text to a category or a page elsewhere")
			return 0, "", "", false
		}
		if !isSlug(stem) {
			errs.Addf(p, 0, "category slug %q is not valid: use lower-case letters, digits and \"-\" only%s", stem, example(slugify(stem, "")))
			return 0, "", "", false
		}
		return CategoryKind, stem, "/categories/" + stem + "/", true
	case dir == "images/":
		if stem == "_index" || stem == "index" {
			errs.Addf(p, 0, "content/images/ holds one file per image; the images index page is generated: move this text to a page elsewhere")
			return 0, "", "", false
		}
		if !isImageName(stem) {
			errs.Addf(p, 0, "image name %q is not valid: use lower-case letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit%s", stem, example(slugify(stem, "._")))
			return 0, "", "", false
		}
		return ImageKind, stem, "/images/" + stem + "/", true
	case strings.HasPrefix(dir, "categories/"), strings.HasPrefix(dir, "images/"):
		errs.Addf(p, 0, "sub-folders of %s are not part of the content model: move the file up to %s", strings.SplitN(dir, "/", 2)[0]+"/", "content/"+strings.SplitN(dir, "/", 2)[0]+"/")
		return 0, "", "", false
	}
	if stem == "_index" || stem == "index" {
		return PageKind, "", "/" + dir, true
	}
	return PageKind, "", "/" + dir + stem + "/", true
}

// URLOf returns the site path a content file is published at, or "" when
// the path is not part of the content model.
func URLOf(p string) string {
	var errs Errors
	_, _, url, ok := classify(p, &errs)
	if !ok {
		return ""
	}
	return url
}

// slugify makes a name of lower-case letters, digits, "-" and the bytes of
// keep: other runs of characters become one "-"; it starts and ends with a
// letter or digit.
func slugify(s, keep string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
			dash = false
		case strings.ContainsRune(keep, r) && b.Len() > 0:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-"+keep)
}

// example returns ", e.g. <name>" or "" when there is no name to show.
func example(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(", e.g. %q", name)
}

func decodeHome(d *decoder, root *node) *Home {
	h := &Home{}
	d.fields(root, homeFields(h), "the home page (content/_index.md)")
	return h
}

// homeFields, categoryFields, imageFields and pageFields are the keys each
// kind of file accepts, decoding into dst; JSONSchemas reads them too.
func homeFields(h *Home) []field {
	return []field{
		strField("title", true, &h.Title),
		strField("description", false, &h.Description),
		strField("baseURL", false, &h.BaseURL),
		strField("registry", false, &h.Registry),
		strField("productionRegistry", false, &h.ProductionRegistry),
		boolField("rawHTML", &h.RawHTML),
		positiveIntField("pageSize", &h.PageSize),
		platformsField(&h.Platforms),
		mapField("signing", "signing", []field{
			signingField("public", &h.Signing.Public),
			signingField("production", &h.Signing.Production),
		}),
		attestationsField(&h.Attestations),
		minIntField("scanMaxAge", "a whole number of days of at least 1, like 30", 1, &h.ScanMaxAge),
	}
}

func decodeCategory(d *decoder, root *node, slug string) *Category {
	c := &Category{Slug: slug}
	d.fields(root, categoryFields(c), "a category")
	return c
}

func categoryFields(c *Category) []field {
	return []field{
		strField("title", true, &c.Title),
		strField("summary", true, &c.Summary),
		intField("weight", &c.Weight),
		mapField("responsibility", "responsibility", []field{
			listField("vendor", false, &c.Vendor),
			listField("customer", false, &c.Customer),
		}),
		mapField("migration", "migration", []field{
			enumField("effort", []string{"low", "medium", "high"}, &c.Effort, &c.EffortLine),
			listField("steps", false, &c.Steps),
		}),
	}
}

// An imageTable decodes image front matter into img with fields, a
// table made once and used for file after file by one goroutine: making
// it, two dozen closures, took longer than decoding most files.
type imageTable struct {
	img    Image
	fields []field
}

func decodeImage(d *decoder, root *node, name string) *Image {
	t := d.images
	if t.fields == nil {
		t.fields = imageFields(&t.img)
	}
	t.img = Image{Name: name}
	d.fields(root, t.fields, "an image")
	img := new(Image)
	*img, t.img = t.img, Image{} // the image keeps what was decoded; the table, nothing
	if img.Upstream != "" && !strings.HasPrefix(img.Upstream, "https://") && !strings.HasPrefix(img.Upstream, "http://") {
		d.errorf(keyLine(root, "upstream"), "\"upstream\" must be a URL starting with https://, not %q", img.Upstream)
	}
	return img
}

func imageFields(img *Image) []field {
	return []field{
		strField("title", false, &img.Title),
		strField("summary", true, &img.Summary),
		linedListField("categories", true, "a category slug", "a list of category slugs, like [base, application]", &img.Categories).matching(slugRE.String()),
		strField("upstream", false, &img.Upstream).matching(upstreamPattern),
		listField("tags", false, &img.Tags),
		versionsField(&img.Versions),
		userField("user", &img.User),
		optBoolField("shell", &img.Shell),
		strField("entrypoint", false, &img.Entrypoint),
		strField("workdir", false, &img.Workdir),
		listField("compatibility", false, &img.Compatibility),
		listField("replaces", false, &img.Replaces),
		boolField("featured", &img.Featured),
		linedListField("related", false, "an image name", "a list of image names, like [go, glibc-dynamic]", &img.Related).matching(imageNameRE.String()),
		fipsField(&img.FIPS, &img.FIPSLine).matching(imageNameRE.String()),
		boolField("draft", &img.Draft),
		dateField("lastmod", &img.Lastmod),
		dateField("date", &img.Added),
		linedListField("aliases", false, "a site path", "a list of site paths, like [/old/path/]", &img.Aliases),
		platformsField(&img.Platforms),
		sizeField(&img.Size, &img.SizeLine),
		mapField("scan", "scan", scanFields(&img.Scan)),
	}
}

// upstreamPattern is the form decodeImage requires of "upstream".
const upstreamPattern = "^https?://"

func keyLine(root *node, key string) int {
	for _, k := range root.keys {
		if k.value == key {
			return k.line
		}
	}
	return root.line
}

func fipsField(dst *string, line *int) field {
	f := strField("fips", false, dst)
	inner := f.decode
	f.decode = func(d *decoder, n *node) {
		inner(d, n)
		*line = n.line
	}
	return f
}

func versionsField(dst *[]Version) field {
	want := "a list of {version: \"1.2\", eol: 2027-01-31} entries"
	var v Version
	fields := versionFields(&v) // decoding each item into v, for file after file (imageTable)
	return field{"versions", false, want, func(d *decoder, n *node) {
		if n.kind != listNode {
			d.wrongType(n, "versions", want)
			return
		}
		for _, item := range n.items {
			if item.kind != mapNode {
				d.errorf(item.line, "every item of \"versions\" must be a mapping like {version: \"1.2\", eol: 2027-01-31}, not %s", item.describe())
				continue
			}
			v = Version{}
			d.fields(item, fields, "a version")
			*dst = append(grown(*dst, len(n.items)), v)
		}
	}, shape{kind: listShape, fields: versionFields(new(Version))}}
}

func versionFields(v *Version) []field {
	return []field{
		strField("version", true, &v.Version),
		dateField("eol", &v.EOL),
	}
}

func decodePage(d *decoder, root *node, url string) *Page {
	pg := &Page{URL: url}
	d.fields(root, pageFields(pg), "a page")
	return pg
}

func pageFields(pg *Page) []field {
	return []field{
		strField("title", true, &pg.Title),
		strField("summary", false, &pg.Summary),
		intField("weight", &pg.Weight),
		boolField("draft", &pg.Draft),
		dateField("lastmod", &pg.Lastmod),
		linedListField("aliases", false, "a site path", "a list of site paths, like [/old/path/]", &pg.Aliases),
	}
}
