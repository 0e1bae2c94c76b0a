// Package cache keeps values a run of sitegen computed for the next run, in
// one pack file per site. A pack maps 32-byte keys to byte values; the
// caller derives each key from everything its value depends on, so a value
// found is a value that would be computed again.
//
// Rules:
//   - A pack belongs to one version of the program (see ExecutableVersion):
//     a pack written by another version counts as empty.
//   - A pack that is missing, cut short, corrupt, or not a pack at all
//     counts as empty, and an entry whose checksum fails counts as
//     missing. Reading a pack never fails and never returns a value other
//     than the one stored.
//   - Save writes a new pack holding exactly the entries this run used
//     (found by Get or added by Put), so a pack never outgrows one run's
//     worth. It writes into a temporary file beside the pack as the run
//     goes, and renames it over the pack at the end: readers and concurrent
//     runs see the old pack or the new one whole, and the last to save
//     wins. A run that does not Save leaves the pack as it was.
//   - Deleting a pack, or the whole folder, at any time costs only the
//     work of filling it again.
//
// Values are read from the pack file when asked for, not held in memory,
// and values added are written out at once: a pack costs a run memory for
// its index only (48 bytes an entry).
//
// The file: a header (the magic "sgpack01", the version's length as a
// 32-bit little-endian number, the version), the values back to back, an
// index (for each value: key, offset as 64 bits, length and CRC-32C as 32
// bits), and a trailer (the index's offset as 64 bits, the number of
// entries and the CRC-32C of the header and index as 32 bits, the magic).
package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

const (
	magic      = "sgpack01"
	entryLen   = 32 + 8 + 4 + 4
	trailerLen = 8 + 4 + 4 + len(magic)
	maxVersion = 1 << 10
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A Pack is an open pack file. Its methods are safe for concurrent use.
type Pack struct {
	path  string
	ready chan struct{} // closed once load is done

	// Set by load, read-only after ready is closed.
	version string
	old     *os.File         // the pack as it was; nil when it counts as empty
	index   map[Key]location // the entries of old

	mu      sync.Mutex
	tmp     *os.File // the new pack, being written
	w       *bufio.Writer
	header  []byte
	off     int64        // where the next value goes in tmp
	written map[Key]bool // keys in tmp
	entries []byte       // tmp's index so far
	err     error        // why the new pack cannot be saved
	closed  bool         // Save or Close was called
}

// A Key names a value: a hash of everything the value depends on.
type Key = [32]byte

type location struct {
	off int64
	n   uint32
	sum uint32
}

// Open opens the pack file at path for the program version returns, which
// is called once (ExecutableVersion, say). It returns at once: the version
// is found and the pack's index read in the background, and the first
// call of a method waits for them. Close or Save must be called to free
// the pack's files.
func Open(path string, version func() (string, error)) *Pack {
	p := &Pack{path: path, ready: make(chan struct{}), written: map[Key]bool{}}
	go p.load(version)
	return p
}

func (p *Pack) load(version func() (string, error)) {
	defer close(p.ready)
	v, err := version()
	if err == nil && len(v) > maxVersion {
		err = fmt.Errorf("a version of %d bytes is longer than %d", len(v), maxVersion)
	}
	if err != nil {
		p.err = fmt.Errorf("cannot tell which version of the program this is, so the cache is not used: %v", err)
		return
	}
	p.version = v
	p.old, p.index = readPack(p.path, v)
	p.err = p.create()
}

// header returns the header of a pack for version.
func header(version string) []byte {
	h := append([]byte(magic), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(h[len(magic):], uint32(len(version)))
	return append(h, version...)
}

// readPack opens the pack at path and reads its index. Anything wrong
// with it (missing, short, another version, a checksum that fails) gives
// no file and no entries.
func readPack(path, version string) (*os.File, map[Key]location) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	index, ok := readIndex(f, version)
	if !ok {
		f.Close()
		return nil, nil
	}
	return f, index
}

func readIndex(f *os.File, version string) (map[Key]location, bool) {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	want := header(version)
	size := info.Size()
	if size < int64(len(want)+trailerLen) {
		return nil, false
	}
	trailer := make([]byte, trailerLen)
	if _, err := f.ReadAt(trailer, size-int64(trailerLen)); err != nil || string(trailer[16:]) != magic {
		return nil, false
	}
	indexOff := int64(binary.LittleEndian.Uint64(trailer))
	count := int64(binary.LittleEndian.Uint32(trailer[8:]))
	sum := binary.LittleEndian.Uint32(trailer[12:])
	if indexOff < int64(len(want)) || indexOff+count*entryLen+int64(trailerLen) != size {
		return nil, false
	}
	head := make([]byte, len(want))
	if _, err := f.ReadAt(head, 0); err != nil || !bytes.Equal(head, want) {
		return nil, false
	}
	raw := make([]byte, count*entryLen)
	if _, err := f.ReadAt(raw, indexOff); err != nil {
		return nil, false
	}
	if crc32.Update(crc32.Checksum(head, castagnoli), castagnoli, raw) != sum {
		return nil, false
	}
	index := make(map[Key]location, count)
	for e := range slicesOf(raw, entryLen) {
		var k Key
		copy(k[:], e)
		loc := location{
			off: int64(binary.LittleEndian.Uint64(e[32:])),
			n:   binary.LittleEndian.Uint32(e[40:]),
			sum: binary.LittleEndian.Uint32(e[44:]),
		}
		if loc.off < int64(len(want)) || loc.off+int64(loc.n) > indexOff {
			return nil, false
		}
		index[k] = loc
	}
	return index, true
}

// slicesOf yields b in pieces of n bytes.
func slicesOf(b []byte, n int) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) >= n && yield(b[:n]) {
			b = b[n:]
		}
	}
}

// create starts the new pack: a temporary file beside the old one.
func (p *Pack) create() error {
	dir := filepath.Dir(p.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	removeStale(dir, filepath.Base(p.path))
	f, err := os.CreateTemp(dir, filepath.Base(p.path)+".tmp-")
	if err != nil {
		return err
	}
	p.tmp, p.w = f, bufio.NewWriterSize(f, 256<<10)
	p.header = header(p.version)
	p.off = int64(len(p.header))
	_, err = p.w.Write(p.header)
	return err
}

// removeStale removes temporary files a run that was killed left beside
// the pack: those a day old, which no run still writes.
func removeStale(dir, base string) {
	names, _ := filepath.Glob(filepath.Join(dir, base+".tmp-*"))
	for _, n := range names {
		if info, err := os.Lstat(n); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
			os.Remove(n)
		}
	}
}

// Get returns the value stored under key, or false. The value is the
// caller's.
func (p *Pack) Get(key Key) ([]byte, bool) {
	<-p.ready
	loc, ok := p.index[key]
	if !ok {
		return nil, false
	}
	v := make([]byte, loc.n)
	if _, err := p.old.ReadAt(v, loc.off); err != nil || crc32.Checksum(v, castagnoli) != loc.sum {
		return nil, false
	}
	p.keep(key, v)
	return v, true
}

// Len returns how many entries Get may find: those of the pack as it was.
func (p *Pack) Len() int {
	<-p.ready
	return len(p.index)
}

// Put stores value under key for the next run. It copies nothing: value
// is written out before Put returns.
func (p *Pack) Put(key Key, value []byte) {
	<-p.ready
	p.keep(key, value)
}

// keep writes an entry into the new pack.
func (p *Pack) keep(key Key, value []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil || p.closed || p.written[key] || len(value) > 1<<31 {
		return
	}
	if _, err := p.w.Write(value); err != nil {
		p.err = err
		return
	}
	p.written[key] = true
	e := make([]byte, entryLen)
	copy(e, key[:])
	binary.LittleEndian.PutUint64(e[32:], uint64(p.off))
	binary.LittleEndian.PutUint32(e[40:], uint32(len(value)))
	binary.LittleEndian.PutUint32(e[44:], crc32.Checksum(value, castagnoli))
	p.entries = append(p.entries, e...)
	p.off += int64(len(value))
}

// Save replaces the pack with the entries this run used, and closes it.
// An error means the pack was left as it was.
func (p *Pack) Save() error {
	<-p.ready
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("cache: Save after Save or Close")
	}
	p.closed = true
	if p.old != nil {
		p.old.Close()
	}
	if p.err == nil {
		p.err = p.finish()
	}
	if p.err != nil {
		if p.tmp != nil {
			p.tmp.Close()
			os.Remove(p.tmp.Name())
		}
		return fmt.Errorf("cannot save the cache %s: %w", p.path, p.err)
	}
	return nil
}

// finish writes the index and trailer and renames the new pack into place.
func (p *Pack) finish() error {
	trailer := make([]byte, trailerLen)
	binary.LittleEndian.PutUint64(trailer, uint64(p.off))
	binary.LittleEndian.PutUint32(trailer[8:], uint32(len(p.entries)/entryLen))
	binary.LittleEndian.PutUint32(trailer[12:], crc32.Update(crc32.Checksum(p.header, castagnoli), castagnoli, p.entries))
	copy(trailer[16:], magic)
	p.w.Write(p.entries)
	p.w.Write(trailer)
	if err := p.w.Flush(); err != nil {
		return err
	}
	if err := p.tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := p.tmp.Close(); err != nil {
		return err
	}
	return os.Rename(p.tmp.Name(), p.path)
}

// Close drops what this run would have saved and leaves the pack as it
// was. After Save it does nothing.
func (p *Pack) Close() {
	<-p.ready
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	if p.old != nil {
		p.old.Close()
	}
	if p.tmp != nil {
		p.tmp.Close()
		os.Remove(p.tmp.Name())
	}
}

// ExecutableVersion identifies the running program by a hash of its
// executable file, so that any change to the code (a new release, a
// rebuilt `go run` or test binary) is another version.
func ExecutableVersion() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "exe:" + hex.EncodeToString(h.Sum(nil)), nil
}

// PathFor returns the pack file in dir for the site whose sources are in
// the folder source: one pack a folder, named by a hash of its absolute
// path.
func PathFor(dir, source string) (string, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".pack"), nil
}
