package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/server"
	"github.com/sitegen/sitegen/internal/site"
)

// TestServeMatchesFullBuild is the dev server's property test: random
// sequences of edits of every kind (an image's front matter and body, a
// category, a guide, a new image, a deleted one, a file broken and mended,
// a template, a stylesheet, an image's platforms and size, the site's
// signing and platforms, an image's scanner report keys, a report file
// rewritten), each saved in place or by writing a temp file
// and renaming it over the original, are applied to a served site, which
// is restarted after every fourth edit (reading the front matter of the
// files that did not change from its cache); after
// each, every page the server answers is byte for byte what a server of a
// fresh full build of the same files answers (the reload script aside).
// SITEGEN_PROPERTY_SEED picks another seed; SITEGEN_PROPERTY_STEPS the
// number of edits.
func TestServeMatchesFullBuild(t *testing.T) {
	seeds := []uint64{1}
	if s := os.Getenv("SITEGEN_PROPERTY_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SITEGEN_PROPERTY_SEED=%q: %v", s, err)
		}
		seeds = []uint64{n}
	}
	steps := 30
	if testing.Short() {
		steps = 10
	}
	if s := os.Getenv("SITEGEN_PROPERTY_STEPS"); s != "" {
		steps, _ = strconv.Atoi(s)
	}
	for _, seed := range seeds {
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			runProperty(t, seed, steps)
		})
	}
}

func runProperty(t *testing.T, seed uint64, steps int) {
	start := time.Now()
	ps := newPropSite(t, seed)
	opts := site.Options{
		Source: os.DirFS(ps.dir), Theme: sitegen.Theme, BaseURL: "http://127.0.0.1:1313/",
		Minify: true, Highlighter: render.NewCachingHighlighter(),
	}
	opts.Today, _ = buildDay() // as siteBuilder builds
	pack := filepath.Join(t.TempDir(), "front.pack")
	serveAnew := func() (*siteBuilder, *server.Server) {
		srv := server.New("/")
		return &siteBuilder{opts: opts, store: site.NewStore(pageMemory), srv: srv, pack: pack, stdout: io.Discard, stderr: io.Discard}, srv
	}
	b, srv := serveAnew()
	g := b.apply(nil)
	b.checked(g, g.Check(nil))
	known := map[string]bool{"no/such/page/": true}
	ps.check(t, "the first build", srv, opts, known)
	broken := 0
	for i := range steps {
		what, batch := ps.edit()
		if i%4 == 3 {
			// A restart: every file read again, the front matter of those
			// that did not change since the last start from the cache.
			b, srv = serveAnew()
			what, batch = what+", then a restart", nil
		}
		g := b.apply(batch)
		b.checked(g, g.Check(nil))
		if !ps.check(t, fmt.Sprintf("edit %d (seed %d): %s", i+1, seed, what), srv, opts, known) {
			broken++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("seed %d: %d edits (%d leaving the site broken) in %s", seed, steps, broken, time.Since(start).Round(time.Millisecond))
}

// reloadScript is the tag the server adds to every page it serves.
var reloadScript = regexp.MustCompile(`<script src="/__sitegen/reload\.js"[^>]*></script>`)

// check compares every file known so far, as served by srv, with what a
// server of a fresh full build serves. While the site is broken, only
// pages are compared: the last good build's other files stay served. It
// reports whether the full build succeeded.
func (ps *propSite) check(t *testing.T, after string, srv *server.Server, opts site.Options, known map[string]bool) bool {
	t.Helper()
	opts.Highlighter = nil
	res, err := site.Build(opts)
	want := server.New("/")
	build := server.Build{Err: err, Source: opts.Source}
	if err == nil {
		build.Output = res.Output
		for _, n := range res.Output.Names() {
			known[strings.TrimSuffix(n, "index.html")] = true
		}
	}
	want.Swap(build)
	for _, name := range slices.Sorted(maps.Keys(known)) {
		if err != nil && !strings.HasSuffix(name, "/") && !strings.HasSuffix(name, ".html") {
			continue
		}
		g, w := get(srv, name), get(want, name)
		if g != w {
			at := firstDiff(g, w)
			t.Errorf("after %s: /%s differs from a full build's at byte %d:\nserved:\n%s\nfull build:\n%s", after, name, at, around(g, at), around(w, at))
			break
		}
	}
	return err == nil
}

func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// around returns the text of s around byte at.
func around(s string, at int) string {
	return s[max(0, at-300):min(len(s), at+300)]
}

// get returns a response's status, type and body, reload script taken out.
func get(h http.Handler, name string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+name, nil))
	body := reloadScript.ReplaceAll(rec.Body.Bytes(), nil)
	return fmt.Sprintf("%d %s\n%s", rec.Code, rec.Header().Get("Content-Type"), body)
}

// propSite is a small generated site in a temp folder and the model it is
// written from.
type propSite struct {
	t      *testing.T
	dir    string
	rng    *rand.Rand
	images map[string]*propImage
	cats   []*propCategory
	guides []*propGuide
	broken string // the path of the file broken mid-edit, or ""
	n      int    // edits so far, to make each one different
	trust  int    // which of propHomes content/_index.md is
}

// propHomes are the site settings the edits switch between: signing for
// no tier, one or both, and site platforms or none.
var propHomes = []string{
	"",
	"platforms: [linux/amd64, linux/arm64]\nsigning:\n  public: {issuer: https://token.actions.githubusercontent.com, identity: https://github.com/o/r/.github/workflows/release.yaml@refs/heads/main}\nattestations: [https://spdx.dev/Document]\n",
	"platforms: [linux/arm64]\nsigning:\n  production: {issuer: https://issuer.example.com, identityRegexp: 'https://issuer.example.com/(<a>|<b>)'}\nattestations: [https://slsa.dev/provenance/v1, https://spdx.dev/Document]\n",
}

func (ps *propSite) homeText() string {
	return "---\ntitle: Property Site\ndescription: Random edits.\n" + propHomes[ps.trust] + "---\nSee [the images](/images/).\n"
}

type propImage struct {
	name, summary     string
	cats, tags        []string
	versions, related []string
	featured          bool
	body              string
	platforms         []string
	size              string
	report, upstream  string // scan.report and scan.upstream, "" for none
}

// propReports are the scanner reports the images may name (test data,
// made-up images); reportText writes one, Grype or Trivy by n.
var propReports = []string{"reports/a.json", "reports/b.json"}

func reportText(n int) string {
	if n%2 == 0 {
		return fmt.Sprintf(`{"matches": [{"vulnerability": {"severity": "High"}}%s], "source": {"type": "image", "target": {"userInput": "example.test/a:latest", "manifestDigest": "sha256:%064d"}}, "descriptor": {"name": "grype", "version": "0.84.%d", "timestamp": "2026-11-%02dT00:00:00Z"}}`,
			strings.Repeat(`, {"vulnerability": {"severity": "Low"}}`, n%4), n, n, 1+n%27)
	}
	return fmt.Sprintf(`{"SchemaVersion": 2, "CreatedAt": "2026-%02d-01T00:00:00Z", "ArtifactName": "example.test/b:latest", "Metadata": {"RepoDigests": ["example.test/b@sha256:%064d"]}, "Results": [{"Vulnerabilities": [%s{"Severity": "CRITICAL"}]}]}`,
		1+n%11, n, strings.Repeat(`{"Severity": "MEDIUM"}, `, n%3))
}

type propCategory struct {
	slug, title, summary, body string
	vendor                     []string
}

type propGuide struct {
	path, title, body string
	weight            int
}

var propSlugs = []string{"base", "starter", "application", "fips", "ai"}

func newPropSite(t *testing.T, seed uint64) *propSite {
	ps := &propSite{t: t, dir: t.TempDir(), rng: rand.New(rand.NewPCG(seed, 7)), images: map[string]*propImage{}}
	ps.write("content/_index.md", ps.homeText())
	for i, slug := range propSlugs {
		c := &propCategory{slug: slug, title: strings.ToUpper(slug[:1]) + slug[1:], summary: "About " + slug + ".",
			body: "Images for " + slug + ".", vendor: []string{"Rebuild daily", "Note " + strconv.Itoa(i)}}
		ps.cats = append(ps.cats, c)
		ps.writeCategory(c)
	}
	for i := range 3 {
		g := &propGuide{path: "content/guides/g" + strconv.Itoa(i) + ".md", title: "Guide " + strconv.Itoa(i), weight: i,
			body: "## Setting up\n\nText with `code`.\n\n```go\nfunc main() {}\n```\n"}
		ps.guides = append(ps.guides, g)
		ps.writeGuide(g)
	}
	for i, p := range propReports {
		ps.write("content/"+p, reportText(i))
	}
	ps.write("content/guides/_index.md", "---\ntitle: Guides\n---\nAll guides: [first](/guides/g0/#setting-up).\n")
	for i := range 24 {
		name := "img" + strconv.Itoa(i)
		if i%6 == 5 {
			name = "img" + strconv.Itoa(i-1) + "-fips"
		}
		img := ps.newImage(name)
		ps.images[name] = img
		ps.writeImage(img)
	}
	return ps
}

func (ps *propSite) newImage(name string) *propImage {
	img := &propImage{name: name, summary: "Image " + name + ".", cats: ps.someCats(),
		tags: []string{"latest", "dev"}, versions: []string{"1.0"}, body: ps.someBody(name)}
	return img
}

func (ps *propSite) someCats() []string {
	n := 1 + ps.rng.IntN(3)
	perm := ps.rng.Perm(len(propSlugs))
	var out []string
	for _, i := range perm[:n] {
		out = append(out, propSlugs[i])
	}
	return out
}

// someBody is a Markdown body with headings, code and a site link, to an
// image that is never deleted (img0 to img3) or a guide's heading.
func (ps *propSite) someBody(name string) string {
	link := "/images/img" + strconv.Itoa(ps.rng.IntN(4)) + "/"
	if ps.rng.IntN(3) == 0 {
		link = "/guides/g1/#setting-up"
	}
	return fmt.Sprintf("## Getting started\n\nUse %s with [a neighbour](%s).\n\n```sh\ndocker run %s\n```\n\n## Notes %d\n\nMore.\n",
		name, link, name, ps.rng.IntN(100))
}

func (ps *propSite) names() []string {
	return slices.Sorted(maps.Keys(ps.images))
}

// edit makes one random edit and returns what it was and the paths the
// watcher would report.
func (ps *propSite) edit() (string, []string) {
	ps.n++
	if ps.broken != "" && ps.rng.IntN(2) == 0 {
		p := ps.broken
		ps.broken = ""
		return "mend " + p, ps.rewrite(p)
	}
	names := ps.names()
	img := ps.images[names[ps.rng.IntN(len(names))]]
	switch k := ps.rng.IntN(19); k {
	case 0:
		img.summary = fmt.Sprintf("Edited summary %d of %s.", ps.n, img.name)
	case 1:
		img.cats = ps.someCats()
	case 2:
		img.versions = append(img.versions, strconv.Itoa(ps.n)+".0")
	case 3:
		img.tags = []string{"latest", "t" + strconv.Itoa(ps.n)}
	case 4:
		img.featured = !img.featured
	case 5:
		img.related = nil
		for range ps.rng.IntN(3) {
			if o := names[ps.rng.IntN(len(names))]; o != img.name && !slices.Contains(img.related, o) {
				img.related = append(img.related, o)
			}
		}
	case 6:
		img.body = ps.someBody(img.name) + "\nEdit " + strconv.Itoa(ps.n) + ".\n"
	case 7:
		c := ps.cats[ps.rng.IntN(len(ps.cats))]
		c.summary = fmt.Sprintf("Edited %d.", ps.n)
		c.vendor = append(c.vendor[:1], "Note "+strconv.Itoa(ps.n))
		return "category " + c.slug, ps.save("content/categories/"+c.slug+".md", ps.categoryText(c))
	case 8:
		g := ps.guides[ps.rng.IntN(len(ps.guides))]
		g.title = "Guide edited " + strconv.Itoa(ps.n)
		g.body += "\nMore text " + strconv.Itoa(ps.n) + ".\n"
		return "guide " + g.path, ps.save(g.path, ps.guideText(g))
	case 9:
		img = ps.newImage("new" + strconv.Itoa(ps.n))
		ps.images[img.name] = img
		return "new image " + img.name, ps.save(ps.imagePath(img.name), ps.imageText(img))
	case 10:
		victim := ps.deletable()
		if victim == "" {
			return ps.edit()
		}
		delete(ps.images, victim)
		p := ps.imagePath(victim)
		if ps.broken == p {
			ps.broken = ""
		}
		if err := os.Remove(filepath.Join(ps.dir, p)); err != nil {
			ps.t.Fatal(err)
		}
		return "delete " + victim, []string{p}
	case 11:
		if ps.broken != "" {
			return ps.edit()
		}
		p := ps.imagePath(img.name)
		ps.broken = p
		text := ps.imageText(img)
		if ps.rng.IntN(2) == 0 {
			text = strings.Replace(text, "summary:", "sumary:", 1) // a typo
		} else {
			text = strings.Replace(text, "\n---\n", "\n", 1) // the closing line deleted
		}
		return "break " + p, ps.save(p, text)
	case 12:
		data, err := fs.ReadFile(sitegen.Theme, "templates/partials/footer.html")
		if err != nil {
			ps.t.Fatal(err)
		}
		text := strings.Replace(string(data), "</footer>", fmt.Sprintf("<p class=\"edit\">Template edit %d</p></footer>", ps.n), 1)
		return "template", ps.save("templates/partials/footer.html", text)
	case 13:
		data, err := fs.ReadFile(sitegen.Theme, "static/css/site.css")
		if err != nil {
			ps.t.Fatal(err)
		}
		return "stylesheet", ps.save("static/css/site.css", string(data)+fmt.Sprintf("\n.edit{margin:%dpx}\n", ps.n))
	case 14:
		img.platforms = [][]string{nil, {"linux/amd64"}, {"linux/arm64", "linux/arm/v7"}}[ps.rng.IntN(3)]
		img.size = []string{"", fmt.Sprintf("%d MB", ps.n)}[ps.rng.IntN(2)]
	case 15:
		ps.trust = (ps.trust + 1 + ps.rng.IntN(len(propHomes)-1)) % len(propHomes)
		return "site settings", ps.save("content/_index.md", ps.homeText())
	case 16:
		pick := func() string { return append([]string{""}, propReports...)[ps.rng.IntN(len(propReports)+1)] }
		img.report, img.upstream = pick(), pick()
	case 17:
		p := "content/" + propReports[ps.rng.IntN(len(propReports))]
		return "report " + p, ps.save(p, reportText(ps.n))
	default:
		img.summary = fmt.Sprintf("Summary %d.", ps.n)
		img.body += "\nAnd " + strconv.Itoa(ps.n) + ".\n"
	}
	return fmt.Sprintf("image %s", img.name), ps.save(ps.imagePath(img.name), ps.imageText(img))
}

// deletable returns an image no other image or body refers to, or "".
func (ps *propSite) deletable() string {
	for _, name := range ps.names() {
		if name < "img4" && strings.HasPrefix(name, "img") && len(name) == 4 {
			continue // link targets
		}
		used := false
		for _, o := range ps.images {
			used = used || slices.Contains(o.related, name) || o.name+"-fips" == name || name+"-fips" == o.name
		}
		if !used {
			return name
		}
	}
	return ""
}

func (ps *propSite) imagePath(name string) string { return "content/images/" + name + ".md" }

// rewrite writes a file again from the model.
func (ps *propSite) rewrite(p string) []string {
	name := strings.TrimSuffix(strings.TrimPrefix(p, "content/images/"), ".md")
	img, ok := ps.images[name]
	if !ok {
		ps.t.Fatalf("no model for %s", p)
	}
	return ps.save(p, ps.imageText(img))
}

// save writes a file in place or, as sed -i, perl -pi and many editors
// do, to a temp file renamed over it, and returns the paths the watcher
// reports (the temp name too: the pipeline must ignore it by itself).
func (ps *propSite) save(p, text string) []string {
	if ps.rng.IntN(2) == 0 {
		ps.write(p, text)
		return []string{p}
	}
	tmps := []string{"sed" + randName(ps.rng, 6), randName(ps.rng, 8), filepath.Base(p) + "___jb_tmp___", "." + filepath.Base(p) + ".swp"}
	tmp := filepath.ToSlash(filepath.Join(filepath.Dir(p), tmps[ps.rng.IntN(len(tmps))]))
	ps.write(tmp, text)
	if err := os.Rename(filepath.Join(ps.dir, tmp), filepath.Join(ps.dir, p)); err != nil {
		ps.t.Fatal(err)
	}
	batch := []string{p, tmp}
	slices.Sort(batch)
	return batch
}

// randName is n random letters and digits with at least one digit, as
// mkstemp makes them.
func randName(rng *rand.Rand, n int) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	b[rng.IntN(n)] = '0' + byte(rng.IntN(10))
	return string(b)
}

func (ps *propSite) write(p, text string) {
	full := filepath.Join(ps.dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		ps.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		ps.t.Fatal(err)
	}
}

func (ps *propSite) writeImage(img *propImage) { ps.write(ps.imagePath(img.name), ps.imageText(img)) }

func (ps *propSite) imageText(img *propImage) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\nsummary: %q\ncategories: [%s]\ntags: [%s]\nversions:\n", img.summary, strings.Join(img.cats, ", "), strings.Join(img.tags, ", "))
	for i, v := range img.versions {
		fmt.Fprintf(&b, "  - version: %q\n    eol: 20%02d-06-30\n", v, 24+i%5)
	}
	if img.featured {
		b.WriteString("featured: true\n")
	}
	if len(img.related) > 0 {
		fmt.Fprintf(&b, "related: [%s]\n", strings.Join(img.related, ", "))
	}
	if len(img.platforms) > 0 {
		fmt.Fprintf(&b, "platforms: [%s]\n", strings.Join(img.platforms, ", "))
	}
	if img.size != "" {
		fmt.Fprintf(&b, "size: %s\n", img.size)
	}
	if img.report != "" || img.upstream != "" {
		b.WriteString("scan:\n")
		if img.report != "" {
			fmt.Fprintf(&b, "  report: %s\n", img.report)
		}
		if img.upstream != "" {
			fmt.Fprintf(&b, "  upstream: %s\n", img.upstream)
		}
	}
	b.WriteString("---\n" + img.body)
	return b.String()
}

func (ps *propSite) writeCategory(c *propCategory) {
	ps.write("content/categories/"+c.slug+".md", ps.categoryText(c))
}

func (ps *propSite) categoryText(c *propCategory) string {
	return fmt.Sprintf("---\ntitle: %s\nsummary: %q\nresponsibility:\n  vendor: [%s]\n  customer: [Patch what you add]\n---\n%s\n",
		c.title, c.summary, strings.Join(c.vendor, ", "), c.body)
}

func (ps *propSite) writeGuide(g *propGuide) { ps.write(g.path, ps.guideText(g)) }

func (ps *propSite) guideText(g *propGuide) string {
	return fmt.Sprintf("---\ntitle: %s\nweight: %d\n---\n%s", g.title, g.weight, g.body)
}
