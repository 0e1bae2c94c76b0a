package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sitegen/sitegen"
	"github.com/sitegen/sitegen/internal/site"
)

// runCheck finds every problem build would report and writes nothing, not
// even the build cache (see site.Check).
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder` (it holds content/, and optionally templates/ and static/)")
	baseURL := fs.String("base-url", "", "the `URL` the site is published at (overrides baseURL in content/_index.md)")
	drafts := fs.Bool("drafts", false, "include drafts")
	format := reportFormat("text")
	fs.Var(&format, "format", formatUsage)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen check [flags]\n\nReports every problem build would report (front matter, categories, links\n"+
			"and anchors, templates) and writes nothing. Exit status: 0 when there is\nnone, 1 when there are, 2 on bad usage.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen check: unexpected argument %q (flags only; did you mean --source %s?)\n", fs.Arg(0), fs.Arg(0))
		return exitUsage
	}
	if info, err := os.Stat(*source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitegen check: --source %s is not a folder\n", *source)
		return exitUsage
	}
	today, err := buildDay()
	if err != nil {
		fmt.Fprintf(stderr, "sitegen check: %v\n", err)
		return exitUsage
	}
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		stop := keepHeapNearLive()
		defer stop()
	}
	start := time.Now()
	err = site.Check(site.Options{
		Source: os.DirFS(*source), Theme: sitegen.Theme,
		BaseURL: *baseURL, Drafts: *drafts, Today: today, Context: ctx,
	})
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "sitegen check: %s\n", stoppedBy(ctx))
		return exitStopped(ctx)
	}
	if report(stdout, stderr, format, err, "") > 0 {
		return exitContent
	}
	if format == "text" {
		fmt.Fprintf(stdout, "Checked %s in %s: no problems\n", *source, time.Since(start).Round(time.Millisecond))
	}
	return exitOK
}
