package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sitegen version\n\n"+
			"Prints sitegen's module version and the Go version it was built with, then,\n"+
			"when the executable was built from a version control checkout, the commit it\n"+
			"was built from (\"modified\" when the checkout had uncommitted changes), the\n"+
			"commit's time, and the platform.\n")
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
	fmt.Fprint(stdout, versionText(info))
	return exitOK
}

// versionText is what sitegen version prints for info (nil when the
// executable carries no build information): versionLine, then a line for
// each build setting that says which source it was built from.
func versionText(info *debug.BuildInfo) string {
	var b strings.Builder
	b.WriteString(versionLine(info) + "\n")
	if info == nil {
		return b.String()
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		vcs := settings["vcs"]
		if vcs == "" {
			vcs = "vcs"
		}
		fmt.Fprintf(&b, "revision: %s %s", vcs, rev)
		if settings["vcs.modified"] == "true" {
			b.WriteString(" (modified: built with uncommitted changes)")
		}
		b.WriteString("\n")
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "committed: %s\n", t)
	}
	if settings["GOOS"] != "" && settings["GOARCH"] != "" {
		fmt.Fprintf(&b, "platform: %s/%s\n", settings["GOOS"], settings["GOARCH"])
	}
	return b.String()
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
