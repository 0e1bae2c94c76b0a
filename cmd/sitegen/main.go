// Command sitegen builds a static site for a catalog of container images
// from Markdown files with front matter, and serves it with live reload
// while you write.
//
// Usage:
//
//	sitegen build [--source DIR] [--dest DIR] [--base-url URL] [--drafts] [--minify=false] [--no-cache] [--cache-dir DIR]
//	sitegen serve [--source DIR] [--port N] [--bind ADDR] [--drafts]
//	sitegen version
//	sitegen help [command]
//
// Exit status: 0 on success, 1 when the content has errors, 2 on bad usage.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build the site into a folder (public/ by default)", runBuild},
		{"serve", "serve the site from memory with live reload", runServe},
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
