package site

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
)

// Output is a built site held in memory: a read-only fs.FS of slash paths
// such as "index.html" and "images/go/index.html". It is never changed once
// Build returns it, so it can be served while the next build runs.
type Output struct {
	files map[string][]byte
	names []string // sorted
}

func newOutput(files map[string][]byte) *Output {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return &Output{files: files, names: names}
}

// Names returns every file's path, sorted.
func (o *Output) Names() []string { return slices.Clone(o.names) }

// Len returns the number of files.
func (o *Output) Len() int { return len(o.names) }

// File returns a file's content and whether it exists. The slice must not
// be modified.
func (o *Output) File(name string) ([]byte, bool) {
	b, ok := o.files[name]
	return b, ok
}

// Open implements fs.FS.
func (o *Output) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := o.files[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(b))}, r: bytes.NewReader(b)}, nil
	}
	entries := o.dirEntries(name)
	if entries == nil && name != "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
}

// ReadFile implements fs.ReadFileFS.
func (o *Output) ReadFile(name string) ([]byte, error) {
	if b, ok := o.files[name]; ok {
		return slices.Clone(b), nil
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// dirEntries lists a folder; nil when it does not exist.
func (o *Output) dirEntries(dir string) []fs.DirEntry {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	i := sort.SearchStrings(o.names, prefix)
	var entries []fs.DirEntry
	seen := map[string]bool{}
	for ; i < len(o.names) && strings.HasPrefix(o.names[i], prefix); i++ {
		rest := o.names[i][len(prefix):]
		first, _, isDir := strings.Cut(rest, "/")
		if seen[first] {
			continue
		}
		seen[first] = true
		info := memInfo{name: first, dir: isDir}
		if !isDir {
			info.size = int64(len(o.files[o.names[i]]))
		}
		entries = append(entries, fs.FileInfoToDirEntry(info))
	}
	return entries
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Seek(off int64, whence int) (int64, error) {
	return f.r.Seek(off, whence)
}
func (f *memFile) Close() error { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
