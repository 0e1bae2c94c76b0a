package compress

import (
	"bytes"
	stdgzip "compress/gzip"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestWanted(t *testing.T) {
	big, small := MinSize+1, MinSize
	tests := []struct {
		name string
		size int
		want bool
	}{
		{"index.html", big, true},
		{"css/site.0badf00d.css", big, true},
		{"js/site.js", big, true},
		{"catalog.json", big, true},
		{"sitemap.xml", big, true},
		{"eol.ics", big, true},
		{"favicon.svg", big, true},
		{"index.html", small, false},
		{"robots.txt", big, false},
		{"logo.png", big, false},
		{"index.html.gz", big, false},
		{"README", big, false},
	}
	for _, tt := range tests {
		if got := Wanted(tt.name, tt.size); got != tt.want {
			t.Errorf("Wanted(%q, %d) = %v, want %v", tt.name, tt.size, got, tt.want)
		}
	}
}

// TestCopies checks that each copy decompresses to the file, that the
// gzip header names no file and no time, that the same bytes make the
// same copies (encoders reused or not), and the counts.
func TestCopies(t *testing.T) {
	var c Compressor
	files := [][]byte{
		[]byte(strings.Repeat("<p>Hello, compressed world.</p>\n", 200)),
		[]byte(strings.Repeat("{\"name\": \"python\", \"tags\": [\"latest\"]}\n", 90)),
	}
	var before, gzBytes, brBytes int64
	for _, data := range files {
		gz, br := c.Copies(data)
		again, _ := (&Compressor{}).Copies(data)
		if !bytes.Equal(gz, again) {
			t.Error("gzip copies of the same bytes differ")
		}
		if _, br2 := c.Copies(data); !bytes.Equal(br, br2) {
			t.Error("Brotli copies of the same bytes differ")
		}
		zr, err := stdgzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || zr.Comment != "" || !zr.ModTime.Equal(time.Time{}) && zr.ModTime.Unix() != 0 {
			t.Errorf("gzip header has name %q, comment %q, time %v", zr.Name, zr.Comment, zr.ModTime)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("gzip copy decompresses to %d bytes (%v), want the file's %d", len(got), err, len(data))
		}
		got, err = io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("Brotli copy decompresses to %d bytes (%v), want the file's %d", len(got), err, len(data))
		}
		if len(gz) >= len(data)/4 || len(br) >= len(data)/4 {
			t.Errorf("copies of %d repetitive bytes are %d and %d bytes", len(data), len(gz), len(br))
		}
		before += 2 * int64(len(data))
		gzBytes += 2 * int64(len(gz))
		brBytes += 2 * int64(len(br))
	}
	want := Stats{Files: 2 * len(files), Before: before, Gzip: gzBytes, Brotli: brBytes}
	if got := c.Stats(); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}
