package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/compress"
)

// TestBuildCompress builds the bundled site twice with --compress and
// checks every file: each HTML, CSS, JS, JSON, XML, ICS or SVG file over
// 1 KB has a .gz copy that gunzips (with the standard library's reader)
// to its bytes and a .br copy that is its Brotli encoding; no other file
// has a copy; and the two builds wrote the same bytes.
func TestBuildCompress(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795737600")
	var outs [2]string
	for i := range outs {
		outs[i] = filepath.Join(t.TempDir(), "public")
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"build", "--source", "../..", "--dest", outs[i], "--no-cache", "--compress"}, &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("build exited %d: %s", code, stderr.String())
		}
		if !regexp.MustCompile(`\(compressed \d+ files of [0-9.]+ [kM]B: [0-9.]+ [kM]B as \.gz, [0-9.]+ [kM]B as \.br\)\n$`).Match(stdout.Bytes()) {
			t.Errorf("stats line: %s", stdout.String())
		}
	}
	files := readTree(t, outs[0])
	if second := readTree(t, outs[1]); len(second) != len(files) {
		t.Errorf("the builds wrote %d and %d files", len(files), len(second))
	}
	var c compress.Compressor
	copies, skippedSmall := 0, 0
	for name, data := range files {
		if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") {
			if _, ok := files[name[:len(name)-3]]; !ok {
				t.Errorf("%s: a copy of no file", name)
			}
			if other := readFile(t, filepath.Join(outs[1], name)); !bytes.Equal(other, data) {
				t.Errorf("%s differs between two builds", name)
			}
			continue
		}
		gz, hasGz := files[name+".gz"]
		br, hasBr := files[name+".br"]
		if !compress.Wanted(name, len(data)) {
			if hasGz || hasBr {
				t.Errorf("%s (%d bytes) has compressed copies", name, len(data))
			}
			if len(data) <= compress.MinSize && compress.Wanted(name, compress.MinSize+1) {
				skippedSmall++
			}
			continue
		}
		if !hasGz || !hasBr {
			t.Errorf("%s (%d bytes): .gz %v, .br %v", name, len(data), hasGz, hasBr)
			continue
		}
		copies++
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s.gz does not gunzip to the file (%v)", name, err)
		}
		if !bytes.Equal(br, c.Brotli(data)) {
			t.Errorf("%s.br is not the file's Brotli encoding", name)
		}
	}
	if copies < 50 || skippedSmall == 0 {
		t.Errorf("%d files compressed, %d small ones skipped: the test site does not test enough", copies, skippedSmall)
	}
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = readFile(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestByteSize checks the sizes the stats line of a --compress build
// gives: bytes below 1,000, kilobytes with one decimal below a million,
// megabytes above (decimal units, as the line says kB and MB).
func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {812, "812 B"}, {999, "999 B"},
		{1000, "1.0 kB"}, {14200, "14.2 kB"}, {999_949, "999.9 kB"},
		{1_000_000, "1.0 MB"}, {3_100_000, "3.1 MB"}, {250_000_000, "250.0 MB"},
	} {
		if got := byteSize(c.n); got != c.want {
			t.Errorf("byteSize(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
