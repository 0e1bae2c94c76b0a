package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/cache"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/server"
	"github.com/sitegen/sitegen/internal/site"
	"github.com/sitegen/sitegen/internal/watch"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder` (it holds content/, and optionally templates/ and static/)")
	port := fs.Int("port", 1313, "the TCP `port` to listen on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; 0.0.0.0 opens the server to the network")
	drafts := fs.Bool("drafts", false, "include drafts")
	noCache := fs.Bool("no-cache", false, "neither read nor write the cache of parsed front matter")
	cacheFlag := fs.String("cache-dir", "", "the `folder` of caches (default: $"+cacheEnv+", else sitegen/ in the user's cache folder)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen serve [flags]\n\n"+
			"Builds the site into memory and serves it, rebuilding when a file in content/,\n"+
			"templates/ or static/ changes; open pages reload by themselves. Nothing is\n"+
			"written to disk but a cache of the parsed front matter, so that the next\n"+
			"start parses only the files that changed. Ctrl-C stops it.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen serve: unexpected argument %q (flags only; did you mean --source %s?)\n", fs.Arg(0), fs.Arg(0))
		return exitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "sitegen serve: --port %d is not a TCP port (0 to 65535)\n", *port)
		return exitUsage
	}
	if info, err := os.Stat(*source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitegen serve: --source %s is not a folder\n", *source)
		return exitUsage
	}
	if _, err := buildDay(); err != nil {
		fmt.Fprintf(stderr, "sitegen serve: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "sitegen serve: %s\n", listenProblem(*bind, *port, err))
		return exitUsage
	}
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		// The server holds the content, the catalog and what it made of
		// the pages: a 100,000-image site has about 400 MiB live, up to
		// 650 MiB while an edit's catalog is made beside the served one,
		// and the usual rule (collect when the heap has doubled) let it
		// reach 1.4 GiB. Under serveMemory the usual rule still applies; a
		// tighter limit, as sitegen build keeps, made every edit at
		// 100,000 images collect again and again.
		debug.SetMemoryLimit(serveMemory)
	}
	cfg := serveConfig{source: *source, host: *bind, drafts: *drafts}
	if !*noCache {
		if cfg.pack, err = frontPack(*cacheFlag, *source); err != nil {
			fmt.Fprintf(stderr, "sitegen serve: %v; every file is parsed\n", err)
		}
	}
	return serve(ctx, cfg, ln, stdout, stderr)
}

// frontPack is the path of the dev server's cache of parsed front matter:
// a pack of its own beside the build's, since a pack keeps only what its
// last run used.
func frontPack(flagValue, source string) (string, error) {
	dir, err := cacheDir(flagValue)
	if err != nil {
		return "", err
	}
	path, err := cache.PathFor(dir, source)
	return strings.TrimSuffix(path, ".pack") + ".front.pack", err
}

// listenProblem explains why the server cannot listen.
func listenProblem(bind string, port int, err error) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Sprintf("port %d on %s is already in use (another sitegen serve?); choose another port with --port, e.g. --port %d", port, bind, port+1)
	}
	if errors.Is(err, syscall.EACCES) {
		return fmt.Sprintf("not allowed to listen on port %d; choose a port above 1023 with --port", port)
	}
	return fmt.Sprintf("cannot listen on %s port %d: %v (check --bind and --port)", bind, port, err)
}

// serveConfig is what serve needs besides its listener.
type serveConfig struct {
	source string
	host   string        // the host in the base URL; the listener's address when empty
	drafts bool          // include drafts
	quiet  time.Duration // the watcher's quiet window; its default when zero
	pack   string        // the cache of parsed front matter (see frontPack); none when empty

	// opened, when set, runs once the first site is served, before it is
	// checked, on the checking goroutine: tests hold the check there.
	opened func()
	// opening, when set, runs before the first site is made, on the
	// goroutine that makes it: tests hold the first build there.
	opening func()
	// listening, when set, is given the HTTP server before it serves:
	// tests read its limits there.
	listening func(*http.Server)
}

// serveMemory is the server's soft memory limit: the garbage collector
// works harder as the heap comes near it, and gives freed memory back to
// the system. The resident size runs 30-40 MiB over it (measured at
// 100,000 images over 30 edits under load: 839 MiB with 800 MiB, 931 MiB
// with 900; at 960 MiB it reached 1,095 MiB), so it is set well below the
// gigabyte a 100,000-image site is to stay within.
const serveMemory = 864 << 20

// checkDelay is how long the check of a site waits after an edit, so that
// the open pages' fetches do not wait for it; an edit within it cancels it.
const checkDelay = 250 * time.Millisecond

// pageMemory is how many bytes of pages the server keeps made: the pages
// browsers asked for, made again when asked for past it.
const pageMemory = 64 << 20

// serve serves the site on ln and follows every change until ctx is done.
// It listens from the start, and answers once the content is read and the
// catalog built: pages are made when asked for. Each site is then checked
// in the background (every page made, every link followed) as the build
// would check it; an edit cancels the check of the site it replaces. It
// returns an exit code.
func serve(ctx context.Context, cfg serveConfig, ln net.Listener, stdout, stderr io.Writer) int {
	baseURL := "http://" + urlHost(cfg.host, ln.Addr()) + "/"
	w, err := watch.New(watch.Options{
		Root: cfg.source, Dirs: []string{"content", "templates", "static"}, Quiet: cfg.quiet,
	})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "sitegen serve: %v\n", err)
		return exitContent
	}
	defer w.Close()
	srv := server.New("/")
	b := &siteBuilder{opts: site.Options{
		Source: os.DirFS(cfg.source), Theme: sitegen.Theme,
		BaseURL: baseURL, Drafts: cfg.drafts, Minify: true, // as sitegen build makes it
		Highlighter: render.NewCachingHighlighter(), // code that did not change is not highlighted again
	}, store: site.NewStore(pageMemory), srv: srv, pack: cfg.pack, stdout: stdout, stderr: stderr}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(stderr, "sitegen serve: ", 0),
	}
	hs.RegisterOnShutdown(srv.Close)
	if cfg.listening != nil {
		cfg.listening(hs)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "Serving %s at %s\nPress Ctrl-C to stop.\n", cfg.source, baseURL)

	opened := make(chan *site.Generation, 1)
	go func() {
		if cfg.opening != nil {
			cfg.opening()
		}
		opened <- b.apply(nil)
	}()
	var (
		batches <-chan watch.Batch // none until the first site is served
		checks  = make(chan checked, 1)
		cancel  chan struct{} // closes the check under way
		current *site.Generation
	)
	stopCheck := func() {
		if cancel != nil {
			close(cancel)
			cancel = nil
		}
	}
	check := func(g *site.Generation, hold func(), after time.Duration) {
		current, cancel = g, make(chan struct{})
		go func(stop chan struct{}) {
			if hold != nil {
				hold()
			}
			select { // the browsers fetch the pages that changed first
			case <-time.After(after):
			case <-stop:
				checks <- checked{g, site.ErrCanceled}
				return
			}
			checks <- checked{g, g.Check(stop)}
		}(cancel)
	}
	for {
		select {
		case <-ctx.Done():
			return stop(hs, w, stdout, stderr)
		case err := <-served:
			fmt.Fprintf(stderr, "sitegen serve: the server stopped: %v\n", err)
			return exitContent
		case g := <-opened:
			batches = w.Batches()
			check(g, cfg.opened, 0)
		case <-w.Stirred():
			// An edit is coming: the check of the site it replaces stops
			// now, so that the edit has the cores.
			stopCheck()
		case batch, ok := <-batches:
			if !ok {
				return stop(hs, w, stdout, stderr)
			}
			stopCheck()
			select {
			case <-w.Stirred(): // this batch's own, not taken yet: it must not stop the next check
			default:
			}
			check(b.apply(batch), nil, checkDelay)
		case c := <-checks:
			if c.gen == current && !errors.Is(c.err, site.ErrCanceled) {
				b.checked(c.gen, c.err)
			}
		case err := <-w.Errors():
			fmt.Fprintf(stderr, "sitegen serve: watching: %v\n", err)
		}
	}
}

// checked is the outcome of checking one site.
type checked struct {
	gen *site.Generation
	err error
}

// stop closes the watcher and shuts the server down, ending the
// live-reload streams so that browsers reconnect to the next server.
func stop(hs *http.Server, w *watch.Watcher, stdout, stderr io.Writer) int {
	w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "sitegen serve: stopping: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "Stopped.")
	return exitOK
}

// urlHost is the host:port of the base URL.
func urlHost(host string, addr net.Addr) string {
	_, port, err := net.SplitHostPort(addr.String())
	if host == "" || err != nil {
		return addr.String()
	}
	return net.JoinHostPort(host, port)
}

// siteBuilder follows the site for serve: each change makes the next
// site.Generation, which reads only the changed files and makes pages
// when they are asked for, and the server swaps it in at once; the
// browsers showing a page that changed are told.
type siteBuilder struct {
	opts           site.Options
	store          *site.Store // pages made, kept across generations
	srv            *server.Server
	pack           string // the cache of parsed front matter; none when empty
	stdout, stderr io.Writer

	gen      *site.Generation // the last one
	unsaved  *cache.Pack      // filled by the last open, saved once its site is served
	built    bool             // a site was checked
	problems string           // the last problems reported
}

// apply makes the site after the paths changed (all of it when changed is
// nil), serves it and reports what changed.
func (b *siteBuilder) apply(changed []string) *site.Generation {
	start := time.Now()
	opts := b.opts
	opts.Today, _ = buildDay() // checked when serve started
	if b.gen == nil || changed == nil || !opts.Today.Equal(b.gen.Today()) {
		b.gen = b.open(opts)
	} else {
		b.gen = b.gen.Next(opts, changed)
	}
	err := b.gen.Problems()
	c := b.srv.Swap(server.Build{Site: b.gen, Err: err, Source: opts.Source})
	took := time.Since(start).Round(time.Millisecond)
	b.save()
	what := "Opened"
	if changed != nil {
		what = describe(changed)
	}
	switch {
	case changed == nil && err == nil:
	case err != nil:
		b.report(err, what+": "+took.String())
	case c.None():
		fmt.Fprintf(b.stdout, "%s: shown in %s; nothing open changed\n", what, took)
	case c.ErrorsChanged:
		b.problems = ""
		fmt.Fprintf(b.stdout, "%s: shown in %s; fixed, open pages updated\n", what, took)
	default:
		fmt.Fprintf(b.stdout, "%s: shown in %s; %d %s changed, %d %s\n", what, took,
			len(c.Pages), plural(len(c.Pages), "page", "pages"), len(c.Styles), plural(len(c.Styles), "stylesheet", "stylesheets"))
	}
	return b.gen
}

// open reads the whole site, taking the front matter of the files that
// did not change from the cache, which then keeps the site as it is once
// save has written it.
func (b *siteBuilder) open(opts site.Options) *site.Generation {
	if b.pack == "" {
		return site.Open(opts, b.store)
	}
	pack := cache.Open(b.pack, cache.ExecutableVersion)
	opts.Parsed = pack
	b.unsaved = pack
	return site.Open(opts, b.store)
}

// save fills the cache with what the last open parsed and writes it:
// after its site is served, since encoding and writing the front matter
// of a large site (100,000 files parsed on a first start) takes a while
// that the first page need not wait.
func (b *siteBuilder) save() {
	if b.unsaved == nil {
		return
	}
	b.gen.KeepParsed()
	if err := b.unsaved.Save(); err != nil {
		fmt.Fprintf(b.stderr, "sitegen serve: %v; the next start parses every file again (choose a writable folder with --cache-dir, or --no-cache)\n", err)
	}
	b.unsaved = nil
}

// checked serves g again with the problems its check found, and reports
// them, or the first build.
func (b *siteBuilder) checked(g *site.Generation, err error) {
	// Every page the site needs has been made or is kept in the store: the
	// code blocks not highlighted since the last check can go.
	b.opts.Highlighter.Sweep()
	c := b.srv.Swap(server.Build{Site: g, Err: err, Source: b.opts.Source})
	switch {
	case err != nil:
		b.report(err, "checked")
	case !b.built:
		fmt.Fprintf(b.stdout, "Built %s\n", g.Stats())
	case c.ErrorsChanged:
		b.problems = ""
		fmt.Fprintln(b.stdout, "Checked: fixed, open pages updated")
	}
	b.built = true
}

// report prints the site's problems, once for each new list.
func (b *siteBuilder) report(err error, when string) {
	text := err.Error()
	if text == b.problems {
		return
	}
	b.problems = text
	n := 0
	for _, e := range joined(err) {
		fmt.Fprintln(b.stderr, e)
		n++
	}
	fmt.Fprintf(b.stderr, "%s: %d %s; the browser shows %s until fixed\n", when, n, plural(n, "error", "errors"), plural(n, "it", "them"))
}

// describe names the changed paths briefly.
func describe(changed []string) string {
	if len(changed) <= 2 {
		return strings.Join(changed, ", ")
	}
	return fmt.Sprintf("%s and %d more", changed[0], len(changed)-1)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
