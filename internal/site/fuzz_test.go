package site_test

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/site"
)

// FuzzBuild builds a whole small site: the input is a txtar archive whose
// files under content/ are the site (at most 24 of them), so the fuzzer
// mutates front matter, bodies, links and file names alike. A build must
// never panic, must either succeed or report every problem as a
// "path:line: message" at a file of the site (or at templates/ or
// content/ as a whole), and a successful build must have its home page,
// sitemap and catalog.json. (Each build of the same input giving the same
// bytes is TestSites' and the command-line scripts' to check: a second
// build would halve what the fuzzer tries.) The sites of
// testdata/sites and the command-line scripts are the seeds;
// testdata/fuzz/FuzzBuild holds what the fuzzer found.
func FuzzBuild(f *testing.F) {
	for _, pattern := range []string{"testdata/sites/*.txtar", "../../cmd/sitegen/testdata/script/*.txtar"} {
		names, _ := filepath.Glob(pattern)
		for _, name := range names {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				f.Fatal(err)
			}
			var seed txtar.Archive
			for _, file := range ar.Files {
				if strings.HasPrefix(file.Name, "content/") {
					seed.Files = append(seed.Files, file)
				}
			}
			if len(seed.Files) > 0 {
				f.Add(txtar.Format(&seed))
			}
		}
	}
	f.Fuzz(func(t *testing.T, archive []byte) {
		src := fstest.MapFS{}
		for _, file := range txtar.Parse(archive).Files {
			name := path.Clean(file.Name)
			if !strings.HasPrefix(name, "content/") || !fs.ValidPath(name) || len(src) == 24 {
				continue
			}
			src[name] = &fstest.MapFile{Data: file.Data}
		}
		opts := site.Options{Source: src, Theme: sitegen.Theme, Minify: true, Today: today}
		res, err := site.Build(opts)
		if err != nil {
			checkFuzzErrors(t, src, err)
			return
		}
		for _, name := range []string{"index.html", "sitemap.xml", "catalog.json", "404.html"} {
			if _, ok := res.Output.File(name); !ok {
				t.Errorf("a successful build has no %s", name)
			}
		}
	})
}

// checkFuzzErrors checks that err lists problems at files of src, each
// with a message.
func checkFuzzErrors(t *testing.T, src fstest.MapFS, err error) {
	t.Helper()
	list := content.List(err)
	if len(list) == 0 {
		t.Fatalf("an error that lists no problem: %v", err)
	}
	for _, e := range list {
		if e.Msg == "" || e.Line < 0 {
			t.Errorf("problem %q: no message or a negative line", e)
		}
		if !inSite(src, e.Path) {
			t.Errorf("problem %q is at %q, not at a file of the site", e, e.Path)
		}
	}
}

// inSite says whether p is a file or folder of src, or one of the names
// problems of the site as a whole are reported at (content/_index.md is
// where a site without one is told it needs one).
func inSite(src fstest.MapFS, p string) bool {
	if p == "content" || p == "content/_index.md" || p == "templates" || strings.HasPrefix(p, "templates/") {
		return true
	}
	for name := range src {
		if name == p || strings.HasPrefix(name, p+"/") {
			return true
		}
	}
	return false
}
