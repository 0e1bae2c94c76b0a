//go:build ignore

// covers.go DIR reads mutants, one a line ("KIND FILE LINE COL", FILE a
// base name in the package), from stdin and, for each, prints the line
// followed by the tests that run its position: those whose coverage
// profile DIR/TEST.out has a block with a count that holds it, by the rule
// gremlins v0.6.0 uses (a line strictly inside a block, or the block's
// first or last line on the right side of its column). It prints the tests
// as a -run pattern, ^(A|B)$, or "-" when none does. Used by
// scripts/mutate-selected.sh.
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type block struct{ sl, sc, el, ec int }

func (b block) holds(line, col int) bool {
	switch {
	case line > b.sl && line < b.el:
		return true
	case b.sl == b.el:
		return line == b.sl && col >= b.sc && col <= b.ec
	case line == b.sl:
		return col >= b.sc
	case line == b.el:
		return col <= b.ec
	}
	return false
}

func main() {
	dir := os.Args[1]
	profiles, err := filepath.Glob(filepath.Join(dir, "*.out"))
	if err != nil {
		fail(err)
	}
	// blocks[test][base name of file]
	blocks := map[string]map[string][]block{}
	for _, p := range profiles {
		test := strings.TrimSuffix(filepath.Base(p), ".out")
		blocks[test] = readProfile(p)
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		var kind, file string
		var line, col int
		if _, err := fmt.Sscan(sc.Text(), &kind, &file, &line, &col); err != nil {
			fail(fmt.Errorf("%q: %v", sc.Text(), err))
		}
		var tests []string
		for test, m := range blocks {
			for _, b := range m[file] {
				if b.holds(line, col) {
					tests = append(tests, test)
					break
				}
			}
		}
		sort.Strings(tests)
		run := "-"
		if len(tests) > 0 {
			run = "^(" + strings.Join(tests, "|") + ")$"
		}
		fmt.Println(sc.Text(), run)
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
}

// readProfile reads the blocks with a count of a coverage profile (lines
// "path/file.go:SL.SC,EL.EC statements count"), by the file's base name.
func readProfile(path string) map[string][]block {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	m := map[string][]block{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name == "mode" {
			continue
		}
		var b block
		var stmts, count int
		if _, err := fmt.Sscanf(rest, "%d.%d,%d.%d %d %d", &b.sl, &b.sc, &b.el, &b.ec, &stmts, &count); err != nil {
			fail(fmt.Errorf("%s: %q: %v", path, sc.Text(), err))
		}
		if count > 0 {
			m[filepath.Base(name)] = append(m[filepath.Base(name)], b)
		}
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	return m
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "covers:", err)
	os.Exit(1)
}
