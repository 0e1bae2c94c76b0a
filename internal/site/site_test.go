package site_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/golden"
	"github.com/sitegen/sitegen/internal/site"
)

var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)\b`)

// searchBuild is the folder of a search index's build.
var searchBuild = regexp.MustCompile(`(?m)^search/[0-9a-f]{10}/`)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// TestSites builds each testdata/sites/*.txtar: its files not under want/
// are the site; want/files lists the output, want/<path> holds expected
// output files, and want/errors the expected error report of a broken site.
func TestSites(t *testing.T) {
	golden.Run(t, "testdata/sites/*.txtar", nil, func(t *testing.T, ar *txtar.Archive) map[string]string {
		report := buildReport(archiveOptions(t, ar))
		if _, ok := report["files"]; !ok && golden.Section(ar, "want/errors") < 0 {
			t.Fatalf("build failed:\n%s", report["errors"])
		}
		got := map[string]string{}
		for _, f := range ar.Files {
			if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
				if _, ok := report[name]; !ok {
					t.Errorf("%s: no such output", name)
				}
				got[f.Name] = report[name]
			}
		}
		return got
	})
}

// archiveOptions returns the options that build the site in a test
// archive: its files not under want/ are the source, and its "flags" file,
// if any, sets options as the command line would.
func archiveOptions(t *testing.T, ar *txtar.Archive) site.Options {
	t.Helper()
	src := fstest.MapFS{}
	opts := site.Options{Theme: sitegen.Theme, Minify: true, Today: today}
	for _, f := range ar.Files {
		switch {
		case f.Name == "flags":
			applyFlags(t, &opts, string(f.Data))
		case !strings.HasPrefix(f.Name, "want/"):
			src[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	opts.Source = src
	return opts
}

func applyFlags(t *testing.T, opts *site.Options, s string) {
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "--base-url":
			opts.BaseURL = v
		case "--drafts":
			opts.Drafts = true
		case "--minify":
			opts.Minify = v != "false"
		default:
			t.Fatalf("unknown flag %q", f)
		}
	}
}

// buildReport builds a site and returns named results: "files" (the list
// of output files), "errors", and every output file by its path.
func buildReport(opts site.Options) map[string]string {
	out := map[string]string{}
	res, err := site.Build(opts)
	if err != nil {
		out["errors"] = err.Error() + "\n"
		return out
	}
	out["errors"] = ""
	names := res.Output.Names()
	sort.Strings(names)
	// Fingerprints change with the theme's CSS and JavaScript; the list
	// and the pages show where they go.
	out["files"] = fingerprint.ReplaceAllString(strings.Join(names, "\n")+"\n", ".HASH.$1")
	out["files"] = searchBuild.ReplaceAllString(out["files"], "search/HASH/")
	for _, n := range names {
		b, _ := res.Output.File(n)
		out[n] = fingerprint.ReplaceAllString(string(b), ".HASH.$1")
	}
	out["pagers"] = pagerReport(names, out)
	out["trust"] = trustReport(names, out)
	out["scan"] = scanReport(names, out)
	out["new"] = newReport(names, out)
	out["stats"] = fmt.Sprintf("pages=%d images=%d categories=%d docs=%d aliases=%d\n",
		res.Stats.Pages, res.Stats.Images, res.Stats.Categories, res.Stats.Docs, res.Stats.Aliases)
	return out
}

// What pagerReport shows of a list page.
var (
	pageTitle = regexp.MustCompile(`<title>.*?</title>|<meta name="description"[^>]*>`)
	pageLinks = regexp.MustCompile(`<link rel="(?:canonical|prev|next)"[^>]*>`)
	pageH1    = regexp.MustCompile(`<h1>.*?</h1>`)
	listed    = regexp.MustCompile(`class="image-name" href="([^"]*)"`)
	pager     = regexp.MustCompile(`(?s)<nav class="pager".*?</nav>`)
)

// pagerReport shows each page of a list (those with a list of images,
// home excluded): its title and description, canonical and prev/next links, h1, the images
// it lists, whether it has the category's prose, and its pager, unminified
// as the template wrote it.
func pagerReport(names []string, files map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		html := files[n]
		if n == "index.html" || !strings.Contains(html, `class="image-list"`) {
			continue
		}
		fmt.Fprintf(&b, "== %s\n", n)
		for _, l := range pageTitle.FindAllString(html, -1) {
			b.WriteString(l + "\n")
		}
		for _, l := range pageLinks.FindAllString(html, -1) {
			b.WriteString(l + "\n")
		}
		b.WriteString(pageH1.FindString(html) + "\n")
		var imgs []string
		for _, m := range listed.FindAllStringSubmatch(html, -1) {
			imgs = append(imgs, m[1])
		}
		fmt.Fprintf(&b, "images: %s\n", strings.Join(imgs, " "))
		fmt.Fprintf(&b, "prose: %t\n", strings.Contains(html, `<div class="prose">`))
		if p := pager.FindString(html); p != "" {
			b.WriteString(p + "\n")
		}
	}
	return b.String()
}
