package main

import (
	"context"
	"fmt"
	"io"
)

func runServe(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "sitegen serve: not built yet")
	return exitUsage
}
