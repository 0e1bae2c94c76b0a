package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/cache"
	"github.com/sitegen/sitegen/internal/compress"
	"github.com/sitegen/sitegen/internal/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder` (it holds content/, and optionally templates/ and static/)")
	dest := fs.String("dest", "", "the output `folder`, replaced whole on success (default: public/ inside --source)")
	baseURL := fs.String("base-url", "", "the `URL` the site is published at, e.g. https://example.org/docs/ (overrides baseURL in content/_index.md)")
	drafts := fs.Bool("drafts", false, "include drafts")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, JSON and XML")
	noCache := fs.Bool("no-cache", false, "neither read nor write the build cache")
	cacheFlag := fs.String("cache-dir", "", "the `folder` of build caches (default: $"+cacheEnv+", else sitegen/ in the user's cache folder)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`, for go tool pprof")
	format := reportFormat("text")
	fs.Var(&format, "format", formatUsage)
	compressed := fs.Bool("compress", false, "write a .gz and a .br copy beside each HTML, CSS, JS, JSON, XML, ICS and SVG file over 1 KB, for hosts that serve precompressed files")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen build [flags]\n\nBuilds the site into --dest. A failed build leaves --dest as it was.\n\n"+
			"Rendered Markdown is kept in a build cache, one file per site folder, so that\n"+
			"the next build renders only what changed; its output is the same. The cache\n"+
			"is safe to delete at any time.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen build: unexpected argument %q (flags only; did you mean --source %s?)\n", fs.Arg(0), fs.Arg(0))
		return exitUsage
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	if info, err := os.Stat(*source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitegen build: --source %s is not a folder\n", *source)
		return exitUsage
	}
	if err := checkDest(*source, *dest); err != nil {
		fmt.Fprintf(stderr, "sitegen build: %v\n", err)
		return exitUsage
	}
	today, err := buildDay()
	if err != nil {
		fmt.Fprintf(stderr, "sitegen build: %v\n", err)
		return exitUsage
	}
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		stop := keepHeapNearLive()
		defer stop()
	}
	if *cpuProfile != "" {
		stop, err := profileCPU(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "sitegen build: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	stage, err := newStaging(*dest)
	if err != nil {
		fmt.Fprintf(stderr, "sitegen build: cannot write beside %s: %v\n", *dest, err)
		return exitContent
	}
	if *compressed {
		stage.compress = &compress.Compressor{}
	}
	// Folders that killed builds left beside dest go while this one runs.
	leftovers := make(chan struct{})
	go func() { removeLeftovers(ctx, *dest); close(leftovers) }()
	opts := site.Options{
		Source: os.DirFS(*source), Theme: sitegen.Theme,
		BaseURL: *baseURL, Drafts: *drafts, Minify: *minify, Today: today,
		Write: stage.Write, Context: ctx,
	}
	var pack *cache.Pack
	if !*noCache {
		if pack, err = openCache(*cacheFlag, *source); err != nil {
			fmt.Fprintf(stderr, "sitegen build: %v; building without it\n", err)
		} else {
			defer pack.Close()
			opts.Cache = pack
		}
	}
	stopProgress := func() {}
	if progressWanted(stderr, os.Getenv) {
		p := newProgress(stderr, time.Now)
		opts.Progress = p.set
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() { p.run(200*time.Millisecond, stop); close(stopped) }()
		stopProgress = func() { close(stop); <-stopped }
	}
	res, err := buildUnlessStopped(ctx, opts)
	stopProgress() // the line is wiped before any message below
	if ctx.Err() != nil {
		// Stopped: drop the cache's new pack and what was written,
		// without waiting for the build to notice. Removing a big site's
		// pages can take seconds: what is left after stopCleanup stays,
		// for the next build to remove.
		if pack != nil {
			pack.Close()
		}
		clean, cancel := context.WithTimeout(context.Background(), stopCleanup)
		left := ""
		if !stage.Discard(clean) {
			left = "; the next build removes what is left of " + stage.dir
		}
		cancel()
		fmt.Fprintf(stderr, "sitegen build: %s; nothing was written (%s is as it was%s)\n", stoppedBy(ctx), *dest, left)
		return exitStopped(ctx)
	}
	if err != nil {
		stage.Discard(context.Background())
		<-leftovers
		report(stdout, stderr, format, err, "; nothing was written")
		return exitContent
	}
	start := time.Now()
	if err := stage.Commit(ctx); err != nil {
		fmt.Fprintf(stderr, "sitegen build: cannot replace %s: %v (it is left as it was)\n", *dest, err)
		return exitContent
	}
	if pack != nil {
		if err := pack.Save(); err != nil {
			fmt.Fprintf(stderr, "sitegen build: %v; the site is built, but the next build cannot reuse its work: choose a writable folder with --cache-dir, or skip the cache with --no-cache\n", err)
		}
	}
	<-leftovers
	res.Stats.Duration += time.Since(start)
	if format == "json" {
		report(stdout, stderr, format, nil, "")
		stdout = stderr // stdout holds the JSON alone
	}
	fmt.Fprintf(stdout, "Built %s into %s%s\n", res.Stats, *dest, compressedStats(stage.compress))
	return exitOK
}

// compressedStats says, for the stats line, what --compress made: ""
// without it.
func compressedStats(c *compress.Compressor) string {
	if c == nil {
		return ""
	}
	st := c.Stats()
	return fmt.Sprintf(" (compressed %d %s of %s: %s as .gz, %s as .br)",
		st.Files, plural(st.Files, "file", "files"), byteSize(st.Before), byteSize(st.Gzip), byteSize(st.Brotli))
}

// byteSize writes n bytes for people: "812 B", "14.2 kB", "3.1 MB".
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// stopCleanup is how long a stopped build spends removing its staging
// folder before it exits.
const stopCleanup = 500 * time.Millisecond

// buildUnlessStopped builds the site, and returns as soon as ctx is done
// even if the build has not noticed yet (it stops rendering pages then,
// but reading the content or making catalog.json goes on to its end).
func buildUnlessStopped(ctx context.Context, opts site.Options) (*site.Result, error) {
	type result struct {
		res *site.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := site.Build(opts)
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// stoppedBy says what stopped ctx, for a message: "interrupted" or
// "terminated".
func stoppedBy(ctx context.Context) string {
	if exitStopped(ctx) == 128+int(syscall.SIGTERM) {
		return "terminated"
	}
	return "interrupted"
}

func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// buildDay is the day end-of-life dates are compared with: today in UTC,
// or the day of SOURCE_DATE_EPOCH when it is set, for reproducible builds.
func buildDay() (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", s)
		}
		return time.Unix(sec, 0).UTC().Truncate(24 * time.Hour), nil
	}
	return time.Now().UTC().Truncate(24 * time.Hour), nil
}

func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// profileCPU starts a CPU profile written to path; stop ends it.
func profileCPU(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// heapLimit is keepHeapNearLive's memory limit for a live heap of live
// bytes, and whether it alone should set the pace of collection (else the
// rule of smallPercent, collect when the heap has tripled since the last
// collection, applies under the limit).
//
// A small site (live under 128 MiB: 10,000 images and fewer) gets
// 128 MiB, or half again its live heap, under that rule: with a few
// megabytes live that is room enough, and it keeps such a build under
// 150 MiB (a 10,000-image build, 45-65 MiB live, collects when its heap
// reaches about 110 MB, the limit less the runtime's own memory: 25-27
// times instead of 37-38 with 112 MiB and the doubling rule, at a peak of
// 138-142 MB instead of 127-134). A big one gets 768 MiB, and the limit
// alone: its collections then come when the heap reaches 768 MiB, not
// when it has doubled, so
// that a 100,000-image site (about 200-300 MiB live) marks its live heap
// about as often, for each byte it allocates, as a 10,000-image one does,
// and stays under a gigabyte. Past 614 MiB live it gets a quarter more
// than live: a fixed limit there would collect without pause.
func heapLimit(live int64) (limit int64, alone bool) {
	const floor, small, ceiling = 128 << 20, 128 << 20, 768 << 20
	if live < small {
		return max(floor, live+live/2), false
	}
	return max(ceiling, live+live/4), true
}

// smallPercent is the GC percent under a small site's limit (heapLimit):
// at 10,000 images the limit sets the pace for most of the build either
// way, and with a few megabytes live a build collects less often.
const smallPercent = 200

// keepHeapNearLive keeps the garbage collector's memory limit near what
// is live (see heapLimit), until stop is called. A build holds the catalog
// and streams pages out, so most of what it allocates is garbage at once,
// and the room between the live heap and the next collection decides how
// often it is collected: each collection marks all that is live, so
// collecting when the heap is twice the live heap costs about as much
// marking as was allocated, while half again the live heap costs twice
// that (which made a 100,000-image build twice as slow).
func keepHeapNearLive() (stop func()) {
	limit, _ := heapLimit(0)
	debug.SetMemoryLimit(limit)
	percent := debug.SetGCPercent(smallPercent)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		alone := false
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() != metrics.KindUint64 {
					continue
				}
				limit, a := heapLimit(int64(sample[0].Value.Uint64()))
				debug.SetMemoryLimit(limit)
				if a != alone {
					alone = a
					if a {
						debug.SetGCPercent(-1)
					} else {
						debug.SetGCPercent(smallPercent)
					}
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
