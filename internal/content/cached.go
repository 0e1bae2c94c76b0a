package content

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"time"
)

// A Cache keeps what a run parsed for the next run, under keys derived
// from everything a value depends on (the methods of cache.Pack).
type Cache interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, value []byte)
}

// A cache that also has a method Len, saying how many entries Get may
// find, spares a load through it that finds none (a first run, or the
// first of a new sitegen) looking up every file's identity (see
// LoadOptions.Cache).
type sizedCache interface {
	Len() int
}

// lookUpFiles reports whether a load with opts looks up files by their
// identity in the cache before reading them (see LoadOptions.Cache).
func lookUpFiles(opts LoadOptions) bool {
	if opts.Cache == nil || !opts.DropBodies {
		return false
	}
	c, ok := opts.Cache.(sizedCache)
	return !ok || c.Len() > 0
}

// LoadOptions change how LoadWith reads a site.
type LoadOptions struct {
	// Cache, when set, keeps every document parsed without a problem
	// under a hash of its path and bytes: a file whose bytes are the
	// same as when it was kept is read and hashed but not parsed again.
	// A file with problems is always parsed, so its problems are
	// reported as Load reports them.
	//
	// With DropBodies, a file is not even read when its identity on
	// disk is the one it had when a run read it (see fileID: device,
	// inode, size, mode, and the times of its last write and last change
	// of status, which every write and rename sets and no program sets
	// back), and that run read it more than settle after its last
	// change: a write within one tick of the file system's clock leaves
	// its times as they were, but not one that late. This is how git
	// tells a changed file in its index. Such a file's document is kept
	// under its identity alone, so a file touched but not changed is
	// parsed once again.
	Cache Cache

	// KeepLater, with Cache, puts nothing in it during the load: the
	// documents parsed are kept by Site.KeepParsed, so that a run that
	// parses every file (the first, or the first of a new sitegen) can
	// use the site before they are encoded and written. What the cache
	// holds is what it would hold without KeepLater.
	KeepLater bool

	// DropBodies lets go of each document's body once it is read:
	// Document.Body is nil, and ReadBody reads it again. A site with a
	// lot of Markdown then holds its front matter only. Apply keeps the
	// option.
	DropBodies bool

	settle time.Duration // settle's stand-in when not 0; for tests
}

// cacheFormat names the encoding of a cached document; part of every key.
const cacheFormat = "content.Document/1"

// settle is how long after a file's last change a run must read it for
// the next run to trust its identity (see LoadOptions.Cache): more than
// the tick of any file system's clock (2 s on FAT).
const settle = 3 * time.Second

// statFormat names the entries that map a file's identity to its hash and
// its document.
const statFormat = "content.Stat/1"

// statKey is the cache key of the file at p whose identity is id.
func statKey(p, id string) [32]byte {
	var room [256]byte // most keys are hashed without an allocation
	return sha256.Sum256(append(append(append(append(append(room[:0], statFormat...), 0), p...), 0), id...))
}

// settledID returns the identity of a file as info gave it before the
// file was read at start, when it had settled by then and a cache is to
// keep the file's hash and document under it; "" otherwise.
func settledID(opts LoadOptions, info fs.FileInfo, start time.Time) string {
	if opts.Cache == nil {
		return ""
	}
	id, changed, ok := fileID(info)
	if !ok || !changed.Before(start.Add(-cmp.Or(opts.settle, settle))) {
		return ""
	}
	return id
}

// keepDoc keeps doc, the document of the file at p whose bytes hash to
// sum and whose body was bodyLen long (-1 for none), in c, and returns it
// as c keeps it: nil when it cannot be encoded.
func keepDoc(c Cache, p string, sum *[32]byte, doc *Document, bodyLen int) []byte {
	data, err := encodeDoc(doc, bodyLen)
	if err != nil {
		return nil
	}
	c.Put(docKey(p, sum), data)
	return data
}

// An unkept document was parsed by a load with KeepLater, to be kept in
// the cache by KeepParsed.
type unkept struct {
	doc     *Document
	sum     [32]byte
	bodyLen int    // the length of the body it had, -1 for none
	id      string // the file's identity, when it had settled (see settledID); or ""
}

// bodyLen is the length of doc's body, -1 when it has none.
func bodyLen(doc *Document) int {
	if doc.Body == nil {
		return -1
	}
	return len(doc.Body)
}

// KeepParsed keeps in the cache the documents that LoadWith parsed with
// KeepLater, as a load without it would have kept them during the load.
// It does nothing the second time, nor for a site loaded otherwise, and
// must not be called while the site is loaded or applied to.
func (s *Site) KeepParsed() {
	for _, list := range s.unkept {
		for i := range list {
			u := &list[i]
			data := keepDoc(s.keep, u.doc.Path, &u.sum, u.doc, u.bodyLen)
			if data != nil && u.id != "" {
				s.keep.Put(statKey(u.doc.Path, u.id), append(u.sum[:len(u.sum):len(u.sum)], data...))
			}
		}
	}
	s.unkept, s.keep = nil, nil
}

// unchanged returns the document of the file at p from the cache without
// reading the file, when its identity is one the cache keeps (see
// settledID), or nil. Only a reader that drops bodies has no use for
// the file's bytes (see lookUpFiles).
func (r *reader) unchanged(p string) *Document {
	if !r.lookUp {
		return nil
	}
	info, err := fs.Stat(r.fsys, p)
	if err != nil {
		return nil
	}
	id, _, ok := fileID(info)
	if !ok {
		return nil
	}
	v, ok := r.opts.Cache.Get(statKey(p, id))
	if !ok || len(v) < sha256.Size {
		return nil
	}
	sum := [32]byte(v)
	return fromCache(r.opts, p, &sum, v[len(sum):], nil)
}

// docKey is the cache key of the file at p whose bytes hash to sum.
func docKey(p string, sum *[32]byte) [32]byte {
	var room [256]byte
	return sha256.Sum256(append(append(append(append(append(room[:0], cacheFormat...), 0), p...), 0), sum[:]...))
}

// cachedDoc is what the cache keeps of a document: everything but the
// path (in the key) and the body (a suffix of the file, bodyLen long).
type cachedDoc struct {
	Kind     Kind
	BodyLen  int // -1 for a nil body
	BodyLine int
	Front    uint64
	Home     *Home
	Category *Category
	Image    *Image
	Page     *Page
}

// encodeDoc encodes doc, whose body was bodyLen long (-1 for none), for
// the cache. It fails for a document holding a
// value the encoding cannot give back exactly (a time in a zone other
// than UTC): such a document is parsed every time.
func encodeDoc(doc *Document, bodyLen int) ([]byte, error) {
	c := cachedDoc{Kind: doc.Kind, BodyLen: bodyLen, BodyLine: doc.BodyLine, Front: doc.Front,
		Home: doc.Home, Category: doc.Category, Image: doc.Image, Page: doc.Page}
	return appendValue(make([]byte, 0, 512), reflect.ValueOf(&c).Elem())
}

// decodeDoc makes the document at p from what the cache kept and the
// file's normalized bytes (nil when the body is not wanted).
func decodeDoc(p string, data, src []byte) (*Document, error) {
	var c cachedDoc
	d := valueDecoder{data: data}
	if err := d.value(reflect.ValueOf(&c).Elem()); err != nil {
		return nil, err
	}
	if len(d.data) != 0 {
		return nil, errors.New("cached document: bytes left over")
	}
	doc := &Document{Path: p, Kind: c.Kind, BodyLine: c.BodyLine, Front: c.Front,
		Home: c.Home, Category: c.Category, Image: c.Image, Page: c.Page}
	if src != nil && c.BodyLen >= 0 {
		if c.BodyLen > len(src) {
			return nil, errors.New("cached document: body longer than the file")
		}
		doc.Body = src[len(src)-c.BodyLen:]
	}
	return doc, nil
}

var timeType = reflect.TypeFor[time.Time]()

// appendValue appends v in a compact binary form that valueDecoder reads
// back into a value of the same type: numbers as varints, strings and
// slices after their lengths (slices after length+1, 0 being nil),
// pointers after a byte saying whether they are nil, structs field by
// field, times as their binary form. The documents' own types are all it
// needs to know: a field added to them is encoded without a change here.
func appendValue(b []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), nil
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		for i := range v.Len() {
			var err error
			if b, err = appendValue(b, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return b, nil
	case reflect.Struct:
		if v.Type() == timeType {
			return appendTime(b, v)
		}
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanInterface() { // what an unexported field gives
				return nil, fmt.Errorf("cannot cache %s: field %s is not exported", v.Type(), v.Type().Field(i).Name)
			}
			var err error
			if b, err = appendValue(b, f); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("cannot cache a value of type %s", v.Type())
}

// appendTime appends the time.Time v: the length of its binary form, and
// the form.
func appendTime(b []byte, v reflect.Value) ([]byte, error) {
	var t *time.Time
	if v.CanAddr() { // always, from encodeDoc: no copy of the time
		t = v.Addr().Interface().(*time.Time)
	} else {
		t = new(time.Time)
		*t = v.Interface().(time.Time)
	}
	if t.Location() != time.UTC {
		return nil, fmt.Errorf("cannot cache a time in zone %s", t.Location())
	}
	var room [32]byte
	data, err := t.AppendBinary(room[:0])
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...), nil
}

// valueDecoder reads what appendValue wrote.
type valueDecoder struct {
	data []byte
}

var errShort = errors.New("cached document: cut short")

func (d *valueDecoder) uvarint() (uint64, error) {
	n, size := binary.Uvarint(d.data)
	if size <= 0 {
		return 0, errShort
	}
	d.data = d.data[size:]
	return n, nil
}

func (d *valueDecoder) bytes() ([]byte, error) {
	n, err := d.uvarint()
	if err != nil || n > uint64(len(d.data)) {
		return nil, errShort
	}
	b := d.data[:n]
	d.data = d.data[n:]
	return b, nil
}

func (d *valueDecoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		b, err := d.bytes()
		v.SetString(string(b))
		return err
	case reflect.Bool:
		n, err := d.uvarint()
		v.SetBool(n == 1)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, size := binary.Varint(d.data)
		if size <= 0 {
			return errShort
		}
		d.data = d.data[size:]
		v.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := d.uvarint()
		v.SetUint(n)
		return err
	case reflect.Pointer:
		n, err := d.uvarint()
		if err != nil || n == 0 {
			return err
		}
		v.Set(reflect.New(v.Type().Elem()))
		return d.value(v.Elem())
	case reflect.Slice:
		n, err := d.uvarint()
		if err != nil || n == 0 {
			return err
		}
		if n-1 > uint64(len(d.data)) { // every item takes a byte at least
			return errShort
		}
		v.Set(reflect.MakeSlice(v.Type(), int(n-1), int(n-1)))
		for i := range int(n - 1) {
			if err := d.value(v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		if v.Type() == timeType {
			b, err := d.bytes()
			if err != nil {
				return err
			}
			// Set needs v addressable, and then the time can be
			// decoded in place, without a copy on the heap.
			return v.Addr().Interface().(*time.Time).UnmarshalBinary(b)
		}
		for i := range v.NumField() {
			if err := d.value(v.Field(i)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("cannot decode a value of type %s", v.Type())
}
