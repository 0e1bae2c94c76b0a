package site_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/cache"
	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/site"
)

// The benchmarks run on catalogs written by the shared gencatalog tool;
// `make bench` writes them and sets SITEGEN_BENCH_DIR. Without it they are
// skipped.
func benchCatalogs(b *testing.B) map[string]string {
	dir := os.Getenv("SITEGEN_BENCH_DIR")
	if dir == "" {
		b.Skip("SITEGEN_BENCH_DIR is not set; run `make bench`")
	}
	out := map[string]string{}
	for _, n := range []string{"1k", "10k"} {
		p := filepath.Join(dir, "cat"+n)
		if _, err := os.Stat(filepath.Join(p, "content")); err == nil {
			out[n] = p
		}
	}
	if len(out) == 0 {
		b.Skipf("no catalogs in %s", dir)
	}
	return out
}

func forEachCatalog(b *testing.B, f func(b *testing.B, dir string)) {
	cats := benchCatalogs(b)
	for _, n := range []string{"1k", "10k"} {
		if dir, ok := cats[n]; ok {
			b.Run(n, func(b *testing.B) { f(b, dir) })
		}
	}
}

// BenchmarkLoad: reading and parsing every file.
func BenchmarkLoad(b *testing.B) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		fsys := os.DirFS(dir)
		for b.Loop() {
			if _, err := content.Load(fsys); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCatalog: resolving references, overlaps, notes, similar images.
func BenchmarkCatalog(b *testing.B) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		src, err := content.Load(os.DirFS(dir))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := catalog.Build(src, catalog.Options{Today: today}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRender: the whole build into memory, nothing written.
func BenchmarkRender(b *testing.B) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		discard := func(string, []byte) error { return nil }
		for b.Loop() {
			if _, err := site.Build(site.Options{Source: os.DirFS(dir), Theme: sitegen.Theme, Minify: true, Today: today, Write: discard}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPages: what a page costs, the whole build into memory (nothing
// written) divided by its pages, reported as ns/page: the bundled site
// always, and with `make bench` the 1,000-image catalog.
func BenchmarkPages(b *testing.B) {
	run := func(b *testing.B, fsys fs.FS) {
		discard := func(string, []byte) error { return nil }
		pages := 0
		for b.Loop() {
			res, err := site.Build(site.Options{Source: fsys, Theme: sitegen.Theme, Minify: true, Today: today, Write: discard})
			if err != nil {
				b.Fatal(err)
			}
			pages = res.Stats.Pages
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
	}
	b.Run("bundled", func(b *testing.B) { run(b, os.DirFS("../..")) })
	if dir := os.Getenv("SITEGEN_BENCH_DIR"); dir != "" {
		if p := filepath.Join(dir, "cat1k"); exists(p) {
			b.Run("1k", func(b *testing.B) { run(b, os.DirFS(p)) })
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// BenchmarkBuild: end to end, written to a folder.
func BenchmarkBuild(b *testing.B) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		out := b.TempDir()
		for b.Loop() {
			write := func(name string, data []byte) error {
				p := filepath.Join(out, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				return os.WriteFile(p, data, 0o644)
			}
			if _, err := site.Build(site.Options{Source: os.DirFS(dir), Theme: sitegen.Theme, Minify: true, Today: today, Write: write}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRenderCached: BenchmarkRender with a warm build cache (filled
// before the clock starts), read and saved each time as sitegen build does.
func BenchmarkRenderCached(b *testing.B) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		pack := filepath.Join(b.TempDir(), "site.pack")
		discard := func(string, []byte) error { return nil }
		build := func(warm bool) {
			c := cache.Open(pack, cache.ExecutableVersion)
			res, err := site.Build(site.Options{Source: os.DirFS(dir), Theme: sitegen.Theme, Minify: true, Today: today, Write: discard, Cache: c})
			if err != nil {
				b.Fatal(err)
			}
			if err := c.Save(); err != nil {
				b.Fatal(err)
			}
			if warm && res.Stats.Cached == 0 {
				b.Fatal("nothing came from the cache")
			}
		}
		build(false)
		for b.Loop() {
			build(true)
		}
	})
}

// BenchmarkNext: the dev server's work between an image's front matter
// being saved and its page being made: the next Generation (the file read
// again, the catalog and plan made anew) and the page.
func BenchmarkNext(b *testing.B) {
	benchmarkNext(b, func(src []byte, i int) []byte {
		return bytes.Replace(src, []byte("summary: "), fmt.Appendf(nil, "summary: Edit %d. ", i), 1)
	})
}

// BenchmarkNextBody: BenchmarkNext for an edit of the image's body, which
// keeps the catalog and the plan.
func BenchmarkNextBody(b *testing.B) {
	benchmarkNext(b, func(src []byte, i int) []byte { return fmt.Appendf(bytes.Clone(src), "\nEdit %d.\n", i) })
}

// benchmarkNext times edits of the first image made by edit, each
// followed by its page.
func benchmarkNext(b *testing.B, edit func(src []byte, i int) []byte) {
	forEachCatalog(b, func(b *testing.B, dir string) {
		names, _ := filepath.Glob(filepath.Join(dir, "content/images/*.md"))
		rel := "content/images/" + filepath.Base(names[0])
		page := "images/" + filepath.Base(names[0][:len(names[0])-3]) + "/index.html"
		src, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		fsys := fstest.MapFS{}
		if err := fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, err := fs.ReadFile(os.DirFS(dir), p)
				fsys[p] = &fstest.MapFile{Data: data}
				return err
			}
			return err
		}); err != nil {
			b.Fatal(err)
		}
		opts := site.Options{Source: fsys, Theme: sitegen.Theme, Minify: true, Highlighter: render.NewCachingHighlighter()}
		g := site.Open(opts, site.NewStore(64<<20))
		if _, err := g.File(page); err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			i++
			fsys[rel] = &fstest.MapFile{Data: edit(src, i)}
			g = g.Next(opts, []string{rel})
			if _, err := g.File(page); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOpen: the dev server's start, from nothing to its first image
// page made: every file read, the catalog and plan made, one page made;
// the front matter from the cache an Open filled before the clock started,
// as at any start but the first. SITEGEN_BENCH_OPEN names a catalog
// folder instead of the usual ones (such as a 100,000-image one).
func BenchmarkOpen(b *testing.B) {
	open := func(b *testing.B, dir string) {
		names, _ := filepath.Glob(filepath.Join(dir, "content/images/*.md"))
		page := "images/" + filepath.Base(names[0][:len(names[0])-3]) + "/index.html"
		pack := filepath.Join(b.TempDir(), "front.pack")
		start := func() {
			c := cache.Open(pack, cache.ExecutableVersion)
			opts := site.Options{Source: os.DirFS(dir), Theme: sitegen.Theme, Minify: true, Today: today,
				Highlighter: render.NewCachingHighlighter(), Parsed: c}
			g := site.Open(opts, site.NewStore(64<<20))
			if _, err := g.File(page); err != nil {
				b.Fatal(err)
			}
			g.KeepParsed()
			if err := c.Save(); err != nil {
				b.Fatal(err)
			}
		}
		start()
		for b.Loop() {
			start()
		}
	}
	if dir := os.Getenv("SITEGEN_BENCH_OPEN"); dir != "" {
		b.Run(filepath.Base(dir), func(b *testing.B) { open(b, dir) })
		return
	}
	forEachCatalog(b, open)
}
