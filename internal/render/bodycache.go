package render

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"html/template"
	"slices"

	"github.com/sitegen/sitegen/internal/catalog"
)

// Key identifies what Render returns for src and reserved: it is a hash of
// everything the result depends on that this package can see (the
// renderer's options, whether it minifies but not how, the body's path,
// first line and bytes, and the reserved ids, in any order). Two calls with the same key render the same Body, for
// the same build of the program: a store of rendered bodies kept across
// runs must also tell one executable from another.
func (m *Markdown) Key(src catalog.Source, reserved []string) [32]byte {
	h := sha256.New()
	var b []byte
	b = appendString(b, "render.Body/1")
	b = binary.AppendUvarint(b, boolInt(m.rawHTML))
	b = binary.AppendUvarint(b, boolInt(m.minify != nil))
	b = appendString(b, m.base)
	b = appendString(b, src.Path)
	b = binary.AppendVarint(b, int64(src.BodyLine))
	ids := slices.Compact(slices.Sorted(slices.Values(reserved))) // a set to Render
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = appendString(b, id)
	}
	b = binary.AppendUvarint(b, uint64(len(src.Body)))
	h.Write(b)
	h.Write(src.Body)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func boolInt(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}

// AppendBinary appends b in a compact binary form that UnmarshalBinary
// reads back.
func (b Body) AppendBinary(dst []byte) ([]byte, error) {
	dst = appendString(dst, string(b.HTML))
	dst = binary.AppendUvarint(dst, uint64(len(b.Headings)))
	for _, h := range b.Headings {
		dst = binary.AppendVarint(dst, int64(h.Level))
		dst = appendString(dst, h.ID)
		dst = appendString(dst, h.Text)
	}
	dst = binary.AppendUvarint(dst, uint64(len(b.Links)))
	for _, l := range b.Links {
		dst = appendString(dst, l.Dest)
		dst = binary.AppendVarint(dst, int64(l.Line))
	}
	return dst, nil
}

// UnmarshalBinary sets b from data written by AppendBinary; data that is
// cut short or has bytes left over is an error, and b is then unchanged.
func (b *Body) UnmarshalBinary(data []byte) error {
	r := reader{data: data}
	var out Body
	out.HTML = template.HTML(r.string())
	if n := r.count(); n > 0 {
		out.Headings = make([]Heading, n)
		for i := range out.Headings {
			out.Headings[i] = Heading{Level: int(r.varint()), ID: r.string(), Text: r.string()}
		}
	}
	if n := r.count(); n > 0 {
		out.Links = make([]Link, n)
		for i := range out.Links {
			out.Links[i] = Link{Dest: r.string(), Line: int(r.varint())}
		}
	}
	if r.bad || len(r.data) > 0 {
		return errors.New("render: a stored Body is cut short or has bytes left over")
	}
	*b = out
	return nil
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// reader reads what AppendBinary wrote; after the first problem bad is
// set and every read returns a zero value.
type reader struct {
	data []byte
	bad  bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.bad, r.data = true, nil
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.data)
	if n <= 0 {
		r.bad, r.data = true, nil
		return 0
	}
	r.data = r.data[n:]
	return v
}

// count reads a number of items, each of which takes at least one byte.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.data)) {
		r.bad, r.data = true, nil
		return 0
	}
	return int(n)
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.data)) {
		r.bad, r.data = true, nil
		return ""
	}
	s := string(r.data[:n])
	r.data = r.data[n:]
	return s
}
