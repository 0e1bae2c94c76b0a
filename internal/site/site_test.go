package site_test

import (
	"flag"
	"fmt"
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

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)\b`)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// TestSites builds each testdata/sites/*.txtar: its files not under want/
// are the site; want/files lists the output, want/<path> holds expected
// output files, and want/errors the expected error report of a broken site.
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test sites")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
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
			got := buildReport(opts)
			if _, ok := got["files"]; !ok && !hasFile(ar, "want/errors") {
				t.Fatalf("build failed:\n%s", got["errors"])
			}
			changed := false
			for i, f := range ar.Files {
				name, ok := strings.CutPrefix(f.Name, "want/")
				if !ok {
					continue
				}
				g, ok := got[name]
				if !ok {
					t.Errorf("%s: no such output", name)
					continue
				}
				if !strings.HasSuffix(g, "\n") {
					g += "\n" // txtar sections end in a newline
				}
				if g != string(f.Data) {
					if *update {
						ar.Files[i].Data = []byte(g)
						changed = true
						continue
					}
					t.Errorf("%s differs:\n--- got ---\n%s\n--- want ---\n%s", name, g, f.Data)
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
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
	// Fingerprints change with the theme; the list shows where they go.
	out["files"] = fingerprint.ReplaceAllString(strings.Join(names, "\n")+"\n", ".HASH.$1")
	for _, n := range names {
		b, _ := res.Output.File(n)
		out[n] = string(b)
	}
	out["stats"] = fmt.Sprintf("pages=%d images=%d categories=%d docs=%d aliases=%d\n",
		res.Stats.Pages, res.Stats.Images, res.Stats.Categories, res.Stats.Docs, res.Stats.Aliases)
	return out
}

func hasFile(ar *txtar.Archive, name string) bool {
	for _, f := range ar.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}
