package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen version\n\nPrints sitegen's version and the Go version it was built with.\n")
	}
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen version: unexpected argument %q (it takes none)\n", fs.Arg(0))
		return exitUsage
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	fmt.Fprintln(stdout, versionLine(info))
	return exitOK
}

// versionLine says which sitegen info describes (nil when the executable
// carries no build information): its module version, else "(devel)" with
// the first 12 digits of its commit when known, and the Go version.
func versionLine(info *debug.BuildInfo) string {
	version, goVersion := "(devel)", ""
	if info != nil {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		goVersion = info.GoVersion
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 && version == "(devel)" {
				version = "(devel " + s.Value[:12] + ")"
			}
		}
	}
	return fmt.Sprintf("sitegen %s %s", version, goVersion)
}
