package site

import (
	"bytes"
	"testing"
)

// FuzzCollectIDs checks collectIDs against the plain reading of it: each
// ` id="` in turn, and its value up to the next quote.
func FuzzCollectIDs(f *testing.F) {
	f.Add(`<h2 id="a">x</h2><p class="b" id="c d">`)
	f.Add(`id="x" <a id=x> <b id="> <c  id=""> <d xid="no"> id="tail`)
	f.Add(` id="" id="`)
	f.Fuzz(func(t *testing.T, html string) {
		var want []byte
		rest := []byte(html)
		for {
			i := bytes.Index(rest, []byte(` id="`))
			if i < 0 {
				break
			}
			rest = rest[i+5:]
			end := bytes.IndexByte(rest, '"')
			if end < 0 {
				break
			}
			want = append(append(want, rest[:end]...), 0)
			rest = rest[end:]
		}
		if got := collectIDs([]byte(html)).ids(); got != string(want) {
			t.Errorf("%q: ids %q, want %q", html, got, want)
		}
	})
}
