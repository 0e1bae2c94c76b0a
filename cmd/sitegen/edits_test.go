package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/browsertest"
)

// TestBrowserEveryEdit drives headless Chromium against sitegen serve and
// times, for every kind of single-file edit and both ways editors save (in
// place, and a temp file renamed over the original), the time from the
// save to the open page showing it: an image's summary, categories,
// versions, tags, related images, body and featured flag, a category's
// notes, a guide, a new image, a deleted one, a file broken mid-edit (its
// error shown) and its fix, a template and a stylesheet. The page an edit
// shows on is opened first and the clock starts right before the save; it
// stops right after the first animation frame after the change is rendered,
// as an observer in the page notes it (browsertest.Tab.Arm; the same machine's clock), or,
// with SITEGEN_SERVE_POLL set, when a poll from the test every 10 ms sees
// it, as it was timed before. It runs on the
// bundled site, once each; SITEGEN_SERVE_SITE names another site folder
// (make bench-serve: the 10,000-image catalog) and SITEGEN_SERVE_EDITS how
// many times each edit is made, and then it prints the median, the fastest
// and the slowest of each, the time to the first page and the server's
// peak memory.
func TestBrowserEveryEdit(t *testing.T) {
	chromium := browsertest.Chromium(t)
	from, reps := "../..", 1
	if s := os.Getenv("SITEGEN_SERVE_SITE"); s != "" {
		from, reps = s, 5
	}
	if s := os.Getenv("SITEGEN_SERVE_EDITS"); s != "" {
		reps, _ = strconv.Atoi(s)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(from, "content"))); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "content/guides"), 0o755)
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(1, 2))}
	if _, err := os.Stat(filepath.Join(dir, "content/guides/_index.md")); err != nil {
		e.write("content/guides/_index.md", "---\ntitle: Guides\n---\nHow to use the images.\n", false)
	}
	e.write("content/guides/edits.md", "---\ntitle: Edits\n---\nThe first text of the guide.\n", false)
	names, _ := filepath.Glob(filepath.Join(dir, "content/images/*.md"))
	slices.Sort(names)
	image := strings.TrimSuffix(filepath.Base(names[0]), ".md")
	other := strings.TrimSuffix(filepath.Base(names[len(names)/2]), ".md")
	imagePath := "content/images/" + image + ".md"
	orig := e.read(imagePath)
	category := regexp.MustCompile(`categories: \[([a-z0-9-]+)`).FindStringSubmatch(orig)[1]
	var notIn []string // the categories the image is not in
	for _, c := range []string{"starter", "base", "application", "fips", "ai"} {
		if !regexp.MustCompile(`categories: \[.*\b` + c + `\b`).MatchString(orig) {
			notIn = append(notIn, c)
		}
	}
	categoryPath := "content/categories/" + category + ".md"
	categoryOrig := e.read(categoryPath)
	css, _ := sitegen.Theme.ReadFile("static/css/site.css")
	footer, _ := sitegen.Theme.ReadFile("templates/partials/footer.html")

	start := time.Now()
	d := serveWith(t, serveConfig{source: dir}, "127.0.0.1:0")
	if !strings.HasPrefix(d.url, "http://127.0.0.1:") {
		t.Fatalf("serving at %s, not on loopback", d.url)
	}
	firstAnswer(t, d.url+"images/"+image+"/")
	firstPage := time.Since(start)
	b := &browsertest.Tab{T: t, Ctx: browsertest.Start(t, chromium)}
	for deadline := time.Now().Add(5 * time.Minute); !strings.Contains(d.stdout.String(), "Built "); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the first check did not finish in 5 minutes; stderr:\n%s", d.stderr)
		}
	}
	open := func(path string) {
		if b.Eval(`location.pathname`) != path {
			b.Navigate(d.url + strings.TrimPrefix(path, "/"))
			time.Sleep(200 * time.Millisecond) // its event stream connects
		}
	}
	imageURL := "/images/" + image + "/"
	// frontMatter replaces the image's front matter line that starts with
	// key (adding it when absent) by line.
	frontMatter := func(key, line string) string {
		re := regexp.MustCompile(`(?m)^` + key + `:.*$`)
		if re.MatchString(orig) {
			return re.ReplaceAllLiteralString(orig, line)
		}
		return strings.Replace(orig, "\n---\n", "\n"+line+"\n---\n", 1)
	}
	kinds := []struct {
		name string
		page func(n int) string                                         // the page open in the browser, before the clock starts
		do   func(n int, rename bool) (shown, what string, save func()) // edit n: a JS condition that it shows, what that is, and the save
	}{
		{"summary", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("Summary edit %d.", n)
			save := func() { e.write(imagePath, frontMatter("summary", "summary: "+want), rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"categories", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			cats := notIn[n%len(notIn)] // a badge the page does not show yet
			save := func() { e.write(imagePath, frontMatter("categories", "categories: ["+category+", "+cats+"]"), rename) }
			return `!!document.querySelector(".badges a.badge-` + cats + `")`, "the " + cats + " badge", save
		}},
		{"versions", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("99.%d", n)
			entry := "  - version: \"" + want + "\"\n    eol: 2031-01-01"
			text := strings.Replace(orig, "versions:\n", "versions:\n"+entry+"\n", 1)
			if !strings.Contains(orig, "versions:\n") {
				text = frontMatter("versions", "versions:\n"+entry)
			}
			save := func() { e.write(imagePath, text, rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"tags", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("tag-edit-%d", n)
			save := func() { e.write(imagePath, frontMatter("tags", "tags: [latest, "+want+"]"), rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"related", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			rel := other
			if n%2 == 1 {
				rel = strings.TrimSuffix(filepath.Base(names[len(names)/3]), ".md")
			}
			save := func() { e.write(imagePath, frontMatter("related", "related: ["+rel+"]"), rename) }
			return `!!document.querySelector('.related a[href$="/images/` + rel + `/"]')`, "the related image " + rel, save
		}},
		{"body", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			// Only the body changes: the front matter stays as the last
			// edit left it.
			want := fmt.Sprintf("Body edit %d.", n)
			front, _ := splitFront(e.read(imagePath))
			_, body := splitFront(orig)
			save := func() { e.write(imagePath, front+body+"\n"+want+"\n", rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"featured", func(n int) string { return "/" }, func(n int, rename bool) (string, string, func()) {
			featured := !strings.Contains(orig, "\nfeatured: true") // the other way than now
			save := func() { e.write(imagePath, frontMatter("featured", "featured: "+strconv.FormatBool(featured)), rename) }
			return fmt.Sprintf(`!!document.querySelector('[aria-labelledby=featured] a[href$="/images/%s/"]') === %v`, image, featured), "the featured list", save
		}},
		{"category", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("Category note %d", n)
			text := strings.Replace(categoryOrig, "\n---\n", "\nresponsibility:\n  vendor: [\""+want+"\"]\n---\n", 1)
			if strings.Contains(categoryOrig, "responsibility:") {
				text = strings.Replace(categoryOrig, "  vendor:\n", "  vendor:\n    - \""+want+"\"\n", 1)
				text = strings.Replace(text, "  vendor: [", "  vendor: [\""+want+"\", ", 1)
			}
			save := func() { e.write(categoryPath, text, rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"guide", func(n int) string { return "/guides/edits/" }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("Guide edit %d.", n)
			save := func() { e.write("content/guides/edits.md", "---\ntitle: Edits\n---\n"+want+"\n", rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"new image", func(n int) string { return fmt.Sprintf("/images/zz-new-%d/", n) }, func(n int, rename bool) (string, string, func()) {
			name := fmt.Sprintf("zz-new-%d", n)
			want := fmt.Sprintf("New image %d.", n)
			save := func() {
				e.write("content/images/"+name+".md", "---\nsummary: "+want+"\ncategories: ["+category+"]\n---\n", rename)
			}
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"deleted image", func(n int) string { return fmt.Sprintf("/images/zz-new-%d/", n) }, func(n int, rename bool) (string, string, func()) {
			name := fmt.Sprintf("zz-new-%d", n)
			save := func() { e.remove("content/images/" + name + ".md") }
			return browsertest.HasText("Page not found"), strconv.Quote("Page not found"), save
		}},
		{"broken", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			save := func() { e.write(imagePath, strings.Replace(orig, "summary:", fmt.Sprintf("sumary%d:", n), 1), rename) }
			return browsertest.HasText(imagePath + ":"), strconv.Quote(imagePath + ":"), save
		}},
		{"fixed", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("Fixed %d.", n)
			save := func() { e.write(imagePath, frontMatter("summary", "summary: "+want), rename) }
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"template", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			want := fmt.Sprintf("Template edit %d", n)
			os.MkdirAll(filepath.Join(dir, "templates/partials"), 0o755)
			save := func() {
				e.write("templates/partials/footer.html", strings.Replace(string(footer), "</footer>", "<p>"+want+"</p></footer>", 1), rename)
			}
			return browsertest.HasText(want), strconv.Quote(want), save
		}},
		{"stylesheet", func(n int) string { return imageURL }, func(n int, rename bool) (string, string, func()) {
			os.MkdirAll(filepath.Join(dir, "static/css"), 0o755)
			save := func() {
				e.write("static/css/site.css", string(css)+fmt.Sprintf("\nbody{caret-color:rgb(1, 2, %d)}\n", n), rename)
			}
			return fmt.Sprintf(`getComputedStyle(document.body).caretColor === "rgb(1, 2, %d)"`, n), "the new stylesheet", save
		}},
	}
	// By default the time an edit is shown is that of the first frame after
	// the change an in-page MutationObserver saw (Tab.Arm); with
	// SITEGEN_SERVE_POLL set it is when a poll from here (every 10 ms,
	// each a round trip to the browser) saw it, the former method.
	poll := os.Getenv("SITEGEN_SERVE_POLL") != ""
	took := map[string][]time.Duration{}
	polled := map[string]int{} // edits whose time came from a poll: the page reloaded
	for n := range reps {
		for _, rename := range []bool{false, true} {
			for _, k := range kinds {
				i := 2*n + map[bool]int{false: 0, true: 1}[rename]
				open(k.page(i))
				time.Sleep(150 * time.Millisecond) // a writer's pause
				shown, what, save := k.do(i, rename)
				if !poll {
					b.Arm(shown)
				}
				start := time.Now()
				save()
				at, seen := b.Shown(shown, what)
				if poll {
					at, seen = time.Now(), true
				}
				key := k.name + map[bool]string{false: ", in place", true: ", by rename"}[rename]
				took[key] = append(took[key], at.Sub(start))
				if !seen {
					polled[key]++
				}
			}
		}
	}
	t.Logf("%s: start to first page answered (HTTP 200): %s; times %s", from, firstPage.Round(time.Millisecond),
		map[bool]string{false: "to the frame that shows the change", true: "to a poll that saw it"}[poll])
	for _, k := range kinds {
		for _, how := range []string{", in place", ", by rename"} {
			d := took[k.name+how]
			slices.Sort(d)
			note := ""
			if n := polled[k.name+how]; n > 0 {
				note = fmt.Sprintf("; %d polled: the page reloaded", n)
			}
			t.Logf("%-28s save to shown, %d edits: median %4d ms (min %4d, max %4d)%s", k.name+how, len(d),
				d[len(d)/2].Milliseconds(), d[0].Milliseconds(), d[len(d)-1].Milliseconds(), note)
		}
	}
	t.Logf("peak memory of the test process (the server, not Chromium): %s", peakMemory())
	if testing.Verbose() {
		t.Logf("the server said:\n%s\n%s", d.stdout, d.stderr)
	}
}

// splitFront splits a file into its front matter, both fences included,
// and its body.
func splitFront(text string) (front, body string) {
	i := strings.Index(text[3:], "\n---\n")
	if !strings.HasPrefix(text, "---\n") || i < 0 {
		return "", text
	}
	return text[:i+8], text[i+8:]
}

// editor saves files of a site as editors do.
type editor struct {
	t   *testing.T
	dir string
	rng *rand.Rand
}

func (e *editor) read(rel string) string {
	data, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

// write saves a file in place or, when rename is set, as sed -i does: to
// a temp file beside it, renamed over it.
func (e *editor) write(rel, text string, rename bool) {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	target := p
	if rename {
		p = filepath.Join(filepath.Dir(p), "sed"+randName(e.rng, 6))
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
	if rename {
		if err := os.Rename(p, target); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *editor) remove(rel string) {
	if err := os.Remove(filepath.Join(e.dir, filepath.FromSlash(rel))); err != nil {
		e.t.Fatal(err)
	}
}

// peakMemory is the process's peak resident memory, from Linux's
// /proc/self/status; "unknown" elsewhere.
func peakMemory() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return fmt.Sprintf("%d MiB", kb>>10)
		}
	}
	return "unknown"
}
