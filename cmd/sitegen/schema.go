package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sitegen/sitegen/internal/content"
)

func runSchema(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder`")
	out := fs.String("out", "", "the `folder` to write the schemas into (default: schema/ inside --source)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen schema [flags]\n\n"+
			"Writes a JSON Schema (2020-12) of the front matter of each kind of file,\n"+
			"home.schema.json, category.schema.json, image.schema.json and page.schema.json,\n"+
			"into --out, replacing files of those names, and prints each path written.\n"+
			"Editors that speak JSON Schema complete and check front matter with them.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen schema: unexpected argument %q (flags only; did you mean --out %s?)\n", fs.Arg(0), fs.Arg(0))
		return exitUsage
	}
	if *out == "" {
		if info, err := os.Stat(*source); err != nil || !info.IsDir() {
			fmt.Fprintf(stderr, "sitegen schema: --source %s is not a folder\n", *source)
			return exitUsage
		}
		*out = filepath.Join(*source, "schema")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "sitegen schema: %v\n", err)
		return exitContent
	}
	for _, f := range content.JSONSchemas() {
		p := filepath.Join(*out, f.Name)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			fmt.Fprintf(stderr, "sitegen schema: %v\n", err)
			return exitContent
		}
		fmt.Fprintln(stdout, p)
	}
	return exitOK
}
