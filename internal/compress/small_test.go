package compress

import (
	"bytes"
	stdgzip "compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestSmallInputs checks that Gzip and Brotli take any input, not only
// files large enough to be Wanted: empty, one byte, a short line.
func TestSmallInputs(t *testing.T) {
	var c Compressor
	for _, data := range [][]byte{{}, []byte("x"), []byte("<p>a short page</p>\n")} {
		zr, err := stdgzip.NewReader(bytes.NewReader(c.Gzip(data)))
		if err != nil {
			t.Fatalf("gzip of %d bytes: %v", len(data), err)
		}
		if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, data) {
			t.Errorf("gzip of %q decompresses to %q (%v)", data, got, err)
		}
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(c.Brotli(data))))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("Brotli of %q decompresses to %q (%v)", data, got, err)
		}
	}
}
