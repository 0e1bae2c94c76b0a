// Command sitegen builds a static site for a catalog of container images
// from Markdown files with front matter, and serves it with live reload
// while you write.
//
// Usage:
//
//	sitegen build [--source DIR] [--dest DIR] [--base-url URL] [--drafts] [--minify=false] [--no-cache] [--cache-dir DIR] [--format text|json|github]
//	sitegen check [--source DIR] [--base-url URL] [--drafts] [--format text|json|github]
//	sitegen serve [--source DIR] [--port N] [--bind ADDR] [--drafts]
//	sitegen new image NAME --category SLUG... | category SLUG | guide PATH [--title T] [--source DIR]
//	sitegen schema [--source DIR] [--out DIR]
//	sitegen version
//	sitegen help [command]
//
// Exit status: 0 on success, 1 when the content has errors, 2 on bad usage,
// 130 when stopped by an interrupt (Ctrl-C) and 143 by SIGTERM.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// notifyContext is signal.NotifyContext with two differences: the cause
// of the context is a stopSignal that tells which signal arrived (for the
// exit status), and once one has arrived the signals have their default
// effect again, so that a second Ctrl-C ends the program at once, even
// while it cleans up after the first.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(stopSignal{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}

// stopSignal is the cause of a context that a signal stopped.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return s.sig.String() + " signal received" }

func (s stopSignal) Is(target error) bool { return target == context.Canceled }

// exitStopped is the exit status of a command that ctx stopped: 128 and
// the signal's number, as a shell reports a program a signal ended; 130
// (SIGINT's) when no signal did.
func exitStopped(ctx context.Context) int {
	var s stopSignal
	if errors.As(context.Cause(ctx), &s) {
		if n, ok := s.sig.(syscall.Signal); ok {
			return 128 + int(n)
		}
	}
	return exitInterrupt
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2

	exitInterrupt = 128 + 2 // stopped by SIGINT (Ctrl-C)
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build the site into a folder (public/ by default)", runBuild},
		{"check", "report every problem build would, writing nothing", runCheck},
		{"serve", "serve the site from memory with live reload", runServe},
		{"new", "write a new image, category or guide file", runNew},
		{"schema", "write JSON Schemas of the front matter for editors", runSchema},
		{"version", "print the version", runVersion},
		{"help", "show help for a command", nil},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(ctx, nil, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "sitegen: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, "sitegen builds a static site for a catalog of container images.\n\nUsage:\n\n  sitegen <command> [flags]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"sitegen <command> --help\" for a command's flags.\n")
}
