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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitegen/sitegen"
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
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen serve [flags]\n\n"+
			"Builds the site into memory and serves it, rebuilding when a file in content/,\n"+
			"templates/ or static/ changes; open pages reload by themselves. Nothing is\n"+
			"written to disk. Ctrl-C stops it.\n\nFlags:\n")
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
	return serve(ctx, serveConfig{source: *source, host: *bind, drafts: *drafts}, ln, stdout, stderr)
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

	// previewed, when set, runs once the first build's preview is served,
	// on the build's goroutine: tests hold the build there.
	previewed func()
}

// serve serves the site on ln and rebuilds it on every change until ctx
// is done. It listens from the start: while the first build runs, pages
// are rendered on demand from its preview, and ctx still stops it (the
// build is left to the process's exit). It returns an exit code.
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
	b := &siteBuilder{opts: site.Options{
		Source: os.DirFS(cfg.source), Theme: sitegen.Theme,
		BaseURL: baseURL, Drafts: cfg.drafts, Minify: true, // as sitegen build makes it
		Highlighter: render.NewCachingHighlighter(), // code that did not change is not highlighted again
	}}
	srv := server.New("/")
	b.preview = func(p *site.Preview) {
		srv.SetPreview(p)
		if cfg.previewed != nil {
			cfg.previewed()
		}
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(stderr, "sitegen serve: ", 0),
	}
	hs.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "Serving %s at %s\nPress Ctrl-C to stop.\n", cfg.source, baseURL)
	first := make(chan struct{})
	go func() {
		defer close(first)
		rebuild(b, srv, nil, stdout, stderr)
	}()

	var batches <-chan watch.Batch // none until the first build is done
	for {
		select {
		case <-ctx.Done():
			return stop(hs, w, stdout, stderr)
		case err := <-served:
			fmt.Fprintf(stderr, "sitegen serve: the server stopped: %v\n", err)
			return exitContent
		case <-first:
			first, batches = nil, w.Batches()
		case batch, ok := <-batches:
			if !ok {
				return stop(hs, w, stdout, stderr)
			}
			rebuild(b, srv, batch, stdout, stderr)
		case err := <-w.Errors():
			fmt.Fprintf(stderr, "sitegen serve: watching: %v\n", err)
		}
	}
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

// siteBuilder builds the site for serve. The first build hands its
// preview to the server. After the first build it asks
// site.Rebuild to render again only what a change touches; the highlighter
// keeps the code of unchanged blocks across builds.
type siteBuilder struct {
	opts    site.Options
	last    *site.Result        // the last good build
	pending []string            // every path changed since the last good build
	preview func(*site.Preview) // the next build's preview; only the first one has one
}

func (b *siteBuilder) build(changed []string) (*site.Result, error) {
	opts := b.opts
	opts.Today, _ = buildDay() // checked when serve started
	opts.Preview, b.preview = b.preview, nil
	var res *site.Result
	var err error
	b.pending = append(b.pending, changed...)
	if changed == nil || b.last == nil {
		res, err = site.Build(opts)
	} else {
		res, err = site.Rebuild(b.last, opts, b.pending)
	}
	opts.Highlighter.Sweep() // forget code the build before used and this one did not
	if err == nil {
		b.last, b.pending = res, nil
	}
	return res, err
}

// rebuild builds the site, swaps it in and reports what changed. A broken
// build is reported, and the browsers show its errors.
func rebuild(b *siteBuilder, srv *server.Server, changed []string, stdout, stderr io.Writer) {
	start := time.Now()
	res, err := b.build(changed)
	build := server.Build{Err: err, Source: b.opts.Source}
	if err == nil {
		build.Output = res.Output
	}
	c := srv.Swap(build)
	took := time.Since(start).Round(time.Millisecond)
	what := "Built"
	if changed != nil {
		what = describe(changed) + ": rebuilt"
	}
	switch {
	case err != nil:
		n := 0
		for _, e := range joined(err) {
			fmt.Fprintln(stderr, e)
			n++
		}
		fmt.Fprintf(stderr, "%s in %s with %d %s; the browser shows %s until fixed\n",
			what, took, n, plural(n, "error", "errors"), plural(n, "it", "them"))
	case changed == nil:
		fmt.Fprintf(stdout, "Built %s\n", res.Stats)
	case c.None():
		fmt.Fprintf(stdout, "%s in %s; the site is the same\n", what, took)
	case c.ErrorsChanged:
		fmt.Fprintf(stdout, "%s in %s; fixed, pages reload\n", what, took)
	default:
		fmt.Fprintf(stdout, "%s in %s; %d %s changed, %d %s\n", what, took,
			len(c.Pages), plural(len(c.Pages), "page", "pages"), len(c.Styles), plural(len(c.Styles), "stylesheet", "stylesheets"))
	}
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
