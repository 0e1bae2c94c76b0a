package site_test

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// TestHTMLStructure builds the bundled site (the repository's content/
// folder) as it ships, minified, and checks every page for what a reader
// with a screen reader or a search engine relies on: a lang attribute, a
// non-empty title, exactly one h1, unique ids, links that have a target
// and a name, in-page links and id references that resolve, and images
// with a text alternative. It does the same for the site test fixtures
// that build.
func TestHTMLStructure(t *testing.T) {
	t.Run("bundled", func(t *testing.T) {
		root, err := filepath.Abs("../..")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "content", "_index.md")); err != nil {
			t.Fatalf("no bundled content: %v", err)
		}
		res, err := site.Build(site.Options{Source: os.DirFS(root), Theme: sitegen.Theme, Minify: true, Today: time.Now()})
		if err != nil {
			t.Fatalf("the bundled site does not build:\n%v", err)
		}
		checkOutput(t, res.Output)
	})

	files, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		opts := archiveOptions(t, ar)
		opts.Today = time.Now()
		res, err := site.Build(opts)
		if err != nil {
			continue // a fixture of a broken site
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			checkOutput(t, res.Output)
		})
	}
}

func checkOutput(t *testing.T, out *site.Output) {
	t.Helper()
	n := 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		data, _ := out.File(name)
		for _, p := range checkPage(string(data)) {
			t.Errorf("%s: %s", name, p)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no HTML pages in the output")
	}
}

// TestCheckPage makes sure the checks catch what they are meant to.
func TestCheckPage(t *testing.T) {
	good := `<!doctype html><html lang=en><head><title>A page</title></head><body>
<a class=skip href=#main>Skip</a><main id=main><h1>Title <a href=#x aria-label="Link to this section">#</a></h1>
<h2 id=x>X</h2><a href=/b/><img src=i.png alt=Logo></a><label for=q>Find</label><input id=q>
<script>var s = "<h1>not a heading</h1><a href=''></a>";</script></main></body></html>`
	if p := checkPage(good); len(p) > 0 {
		t.Errorf("a good page got problems: %q", p)
	}
	bad := `<!doctype html><html><head><title> </title></head><body><h1>One</h1><h1>Two</h1>
<p id=a>x</p><p id=a>y</p><a href=/x/></a><a>no href</a><a href="">empty</a><a href=#nowhere>gone</a>
<img src=i.png><label for=missing>L</label></body></html>`
	want := []string{
		`<html> has no lang attribute`,
		`the <title> is empty`,
		`2 <h1> elements, want exactly one`,
		`id "a" is used 2 times`,
		`a link to "/x/" has no text or label`,
		`an <a> without href (text "no href")`,
		`a link with an empty href (text "empty")`,
		`a link to "#nowhere", an id the page does not have`,
		`<img src="i.png"> has no alt attribute`,
		`for="missing" names an id the page does not have`,
	}
	got := checkPage(bad)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems of a bad page:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkPage returns the structural problems of one HTML page. Alias pages
// (a meta refresh to the new address) need only a lang and a title.
func checkPage(src string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	tags, titles := scanTags(src)
	var htmlTag *tag
	h1s, redirect := 0, false
	ids := map[string]int{}
	var refs []string // "attr=value" id references to resolve
	for i := range tags {
		tg := &tags[i]
		if tg.end {
			continue
		}
		if id, ok := tg.attrs["id"]; ok {
			if id == "" || strings.ContainsAny(id, " \t\n") {
				add("id %q is empty or has spaces", id)
			}
			ids[id]++
		}
		for _, a := range []string{"for", "aria-labelledby", "aria-describedby", "aria-controls"} {
			if v, ok := tg.attrs[a]; ok {
				for _, id := range strings.Fields(v) {
					refs = append(refs, a+"="+id)
				}
			}
		}
		switch tg.name {
		case "html":
			htmlTag = tg
		case "h1":
			h1s++
		case "meta":
			redirect = redirect || strings.EqualFold(tg.attrs["http-equiv"], "refresh")
		case "img":
			if _, ok := tg.attrs["alt"]; !ok {
				add("<img src=%q> has no alt attribute", tg.attrs["src"])
			}
		case "a":
			text := strings.Join(strings.Fields(tg.text), " ")
			href, hasHref := tg.attrs["href"]
			switch {
			case !hasHref:
				add("an <a> without href (text %q)", text)
			case strings.TrimSpace(href) == "" || href == "#":
				add("a link with an empty href (text %q)", text)
			case strings.HasPrefix(href, "#"):
				refs = append(refs, "href="+href[1:])
			}
			if text == "" && tg.attrs["aria-label"] == "" && tg.attrs["aria-labelledby"] == "" && tg.attrs["title"] == "" {
				add("a link to %q has no text or label", href)
			}
		}
	}

	if htmlTag == nil || strings.TrimSpace(htmlTag.attrs["lang"]) == "" {
		add("<html> has no lang attribute")
	}
	switch {
	case len(titles) == 0:
		add("no <title>")
	case len(titles) > 1:
		add("%d <title> elements", len(titles))
	case strings.TrimSpace(titles[0]) == "":
		add("the <title> is empty")
	}
	if redirect {
		return problems
	}
	if h1s != 1 {
		add("%d <h1> elements, want exactly one", h1s)
	}
	for id, n := range ids {
		if n > 1 {
			add("id %q is used %d times", id, n)
		}
	}
	for _, r := range refs {
		attr, id, _ := strings.Cut(r, "=")
		if ids[id] > 0 {
			continue
		}
		if attr == "href" {
			add("a link to %q, an id the page does not have", "#"+id)
		} else {
			add("%s=%q names an id the page does not have", attr, id)
		}
	}
	sort.Strings(problems)
	return problems
}

// A tag is a start or end tag. For a start tag of <a>, text is the text
// inside the link, with the alt text of its images.
type tag struct {
	name  string
	end   bool
	attrs map[string]string
	text  string
}

var (
	tagRE  = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9-]*)`)
	attrRE = regexp.MustCompile(`^\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`)
)

// scanTags reads the tags of an HTML document, the way a browser does for
// well-formed pages: comments and doctypes are skipped, and the content of
// script, style and title is raw text (the text of each title is returned).
// It is not a validating parser; the checks above need only tags,
// attributes and the text of links.
func scanTags(src string) (tags []tag, titles []string) {
	openLinks := []int{} // indexes in tags of the <a> elements open now
	addText := func(s string) {
		for _, i := range openLinks {
			tags[i].text += s
		}
	}
	for i := 0; i < len(src); {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			addText(html.UnescapeString(src[i:]))
			break
		}
		addText(html.UnescapeString(src[i : i+lt]))
		i += lt
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				return tags, titles
			}
			i += end + 3
			continue
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return tags, titles
			}
			i += end + 1
			continue
		}
		m := tagRE.FindStringSubmatch(rest)
		if m == nil {
			addText("<")
			i++
			continue
		}
		tg := tag{name: strings.ToLower(m[2]), end: m[1] == "/", attrs: map[string]string{}}
		j := len(m[0])
		for j < len(rest) {
			am := attrRE.FindStringSubmatch(rest[j:])
			if am == nil {
				break
			}
			tg.attrs[strings.ToLower(am[1])] = html.UnescapeString(am[2] + am[3] + am[4])
			j += len(am[0])
		}
		end := strings.IndexByte(rest[j:], '>')
		if end < 0 {
			return tags, titles
		}
		i += j + end + 1
		tags = append(tags, tg)

		switch {
		case tg.end && tg.name == "a" && len(openLinks) > 0:
			openLinks = openLinks[:len(openLinks)-1]
		case tg.end:
		case tg.name == "a":
			openLinks = append(openLinks, len(tags)-1)
		case tg.name == "img":
			addText(tg.attrs["alt"])
		case tg.name == "script", tg.name == "style", tg.name == "title", tg.name == "textarea":
			close := strings.Index(strings.ToLower(src[i:]), "</"+tg.name)
			if close < 0 {
				close = len(src) - i
			}
			if tg.name == "title" {
				titles = append(titles, html.UnescapeString(src[i:i+close]))
			}
			i += close
		}
	}
	return tags, titles
}

// TestImageSpecs checks what the image page's specification list says of
// the shell: a template that tests a *bool with if would say "yes" for
// shell: false.
func TestImageSpecs(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: T\n---\n")},
		"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n")},
		"content/images/with.md":     {Data: []byte("---\nsummary: S.\ncategories: [base]\nshell: true\n---\n")},
		"content/images/without.md":  {Data: []byte("---\nsummary: S.\ncategories: [base]\nshell: false\n---\n")},
		"content/images/unstated.md": {Data: []byte("---\nsummary: S.\ncategories: [base]\n---\n")},
	}
	res, err := site.Build(site.Options{Source: src, Theme: sitegen.Theme, Today: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"with": "yes", "without": "no", "unstated": "not stated"} {
		page, _ := res.Output.File("images/" + name + "/index.html")
		if !regexp.MustCompile(`<dt>Shell</dt>\s*<dd>` + want + `</dd>`).Match(page) {
			t.Errorf("images/%s: the specifications do not say Shell: %s", name, want)
		}
	}
}
