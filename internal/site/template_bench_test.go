package site

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/catalog"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
)

// BenchmarkTemplates times the theme's templates alone, page by page of
// each kind of the 1,000-image catalog, their bodies empty: what a build
// spends in html/template. Set SITEGEN_BENCH_DIR as for the other
// benchmarks.
func BenchmarkTemplates(b *testing.B) {
	dir := os.Getenv("SITEGEN_BENCH_DIR")
	if dir == "" {
		b.Skip("SITEGEN_BENCH_DIR is not set; run `make bench`")
	}
	var errs content.Errors
	bl := &builder{opts: Options{Source: os.DirFS(filepath.Join(dir, "cat1k")), Theme: sitegen.Theme, Minify: true,
		Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, files: map[string][]byte{}, names: map[string]bool{}, errs: &errs, minifier: newMinifier()}
	src, err := content.Load(bl.opts.Source)
	if err != nil {
		b.Fatal(err)
	}
	if bl.cat, err = catalog.Build(src, bl.readReports(src)); err != nil {
		b.Fatal(err)
	}
	if err := bl.setBase(); err != nil {
		b.Fatal(err)
	}
	if bl.tmpl, err = render.ParseTemplates(bl.layTheme(), bl.funcs(), bl.themeOptions()); err != nil {
		b.Fatal(err)
	}
	byKind := map[string][]*job{}
	for _, j := range bl.plan() {
		byKind[j.tmpl] = append(byKind[j.tmpl], j)
	}
	for _, kind := range []string{"image.html", "lifecycle.html", "images.html", "category.html"} {
		jobs := byKind[kind]
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				for _, j := range slices.Clip(jobs) {
					p := j.data(bl.site)
					if j.life != nil {
						p.Lifecycle = bl.lifecycle(j.life)
					}
					buf.Reset()
					if err := bl.tmpl.Execute(&buf, j.tmpl, p); err != nil {
						b.Fatal(err)
					}
					p.Lifecycle = nil
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(jobs)), "ns/page")
		})
	}
}
