package content_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitegen/sitegen/internal/content"
)

// memCache is a content.Cache in memory that counts its hits.
type memCache struct {
	mu   sync.Mutex
	m    map[[32]byte][]byte
	hits int
}

func newMemCache() *memCache { return &memCache{m: map[[32]byte][]byte{}} }

func (c *memCache) Get(k [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	if ok {
		c.hits++
	}
	return bytes.Clone(v), ok
}

func (c *memCache) Put(k [32]byte, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = bytes.Clone(v)
}

// bundledContent is the repository's own site: every kind of file and
// most keys, as writers use them.
func bundledContent(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestCacheGivesTheSameSite loads sites through a cache twice, with and
// without bodies: the second load parses nothing and gives what Load
// gives, field for field.
func TestCacheGivesTheSameSite(t *testing.T) {
	fsys := bundledContent(t)
	// Keys the bundled site does not use, and a file with problems.
	fsys["content/images/every-key.md"] = file("---\ntitle: Every key\nsummary: s\ncategories: [base]\nupstream: https://example.org/x\n" +
		"tags: [a, b]\nversions:\n  - version: \"1\"\n    eol: 2030-01-02\nuser: 65532\nshell: false\nentrypoint: /x\nworkdir: /w\n" +
		"compatibility: [c]\nreplaces: [r]\nfeatured: true\nrelated: [go]\nfips: every-key-fips\nlastmod: 2026-01-02T03:04:05Z\n" +
		"date: 2025-01-01\naliases: [/old/]\nplatforms: [linux/amd64]\nsize: 12.4 MB\nscan:\n  report: reports/a.grype.json\n---\nBody\r\n")
	fsys["content/images/broken.md"] = file("---\nsummary: s\ncategories: [base]\nunknown: 1\n---\n")
	fsys["content/images/no-body.md"] = file("---\nsummary: s\ncategories: [base]\n---")
	want, wantErr := content.Load(fsys)
	if wantErr == nil {
		t.Fatal("the broken file gave no error")
	}
	for _, drop := range []bool{false, true} {
		c := newMemCache()
		opts := content.LoadOptions{Cache: c, DropBodies: drop}
		if _, err := content.LoadWith(fsys, opts); err == nil || err.Error() != wantErr.Error() {
			t.Fatalf("first load: %v, want %v", err, wantErr)
		}
		if len(c.m) != len(want.Documents)-1 {
			t.Errorf("%d documents kept, want all %d but the broken one", len(c.m), len(want.Documents)-1)
		}
		got, err := content.LoadWith(fsys, opts)
		if err == nil || err.Error() != wantErr.Error() {
			t.Fatalf("second load: %v, want %v", err, wantErr)
		}
		if c.hits != len(c.m) {
			t.Errorf("%d documents from the cache, want %d", c.hits, len(c.m))
		}
		if len(got.Documents) != len(want.Documents) {
			t.Fatalf("%d documents, want %d", len(got.Documents), len(want.Documents))
		}
		for i, d := range got.Documents {
			w := *want.Documents[i]
			if drop {
				if d.Body != nil {
					t.Errorf("%s: body kept", d.Path)
				}
				w.Body = nil
			}
			if !reflect.DeepEqual(d, &w) {
				t.Errorf("drop bodies %v: %s:\n got %s\nwant %s", drop, d.Path, dump(d), dump(&w))
			}
		}
	}
}

// TestCacheFollowsTheBytes checks that a file is parsed again when any of
// its bytes changed, and that a cached document is the one of its path.
func TestCacheFollowsTheBytes(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          file(homeMD),
		"content/categories/base.md": file(categoryMD),
		"content/images/a.md":        file(imageMD),
		"content/images/b.md":        file(imageMD), // the same bytes, another image
	}
	c := newMemCache()
	opts := content.LoadOptions{Cache: c}
	if _, err := content.LoadWith(fsys, opts); err != nil {
		t.Fatal(err)
	}
	fsys["content/images/a.md"] = file("---\nsummary: Another.\ncategories: [base]\n---\n")
	site, err := content.LoadWith(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*content.Document{}
	for _, d := range site.Documents {
		byPath[d.Path] = d
	}
	if got := byPath["content/images/a.md"].Image.Summary; got != "Another." {
		t.Errorf("a.md's summary %q after an edit", got)
	}
	if got := byPath["content/images/b.md"].Image.Name; got != "b" {
		t.Errorf("b.md is named %q", got)
	}
	if c.hits != 3 {
		t.Errorf("%d documents from the cache, want 3", c.hits)
	}
	// A damaged entry counts as missing.
	for k, v := range maps.All(c.m) {
		c.m[k] = v[:len(v)/2]
	}
	again, err := content.LoadWith(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Documents, site.Documents) {
		t.Error("damaged cache entries changed the site")
	}
}

// TestApplyKeepsTheOptions checks that a file read again by Apply loses
// its body as the site it is applied to did.
func TestApplyKeepsTheOptions(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          file(homeMD),
		"content/categories/base.md": file(categoryMD),
		"content/images/a.md":        file(imageMD + "Body.\n"),
	}
	site, err := content.LoadWith(fsys, content.LoadOptions{DropBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/images/a.md"] = file(imageMD + "Another body.\n")
	next, err, ok := site.Apply(fsys, []string{"content/images/a.md"})
	if err != nil || !ok {
		t.Fatal(err, ok)
	}
	for _, d := range next.Documents {
		if d.Body != nil {
			t.Errorf("%s: body kept", d.Path)
		}
	}
	body, _, err := content.ReadBody(fsys, "content/images/a.md", next.Documents[2].Front)
	if err != nil || string(body) != "Another body.\n" {
		t.Errorf("ReadBody: %q, %v", body, err)
	}
}

// writeFiles writes files (text by slash path) into a new folder and
// returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, text := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openCounter is a folder on disk that counts the files opened, and the
// Markdown files whose information was asked for.
type openCounter struct {
	fs.FS // os.DirFS: ReadDir passes through
	mu    sync.Mutex
	opens map[string]int
	stats int
}

func (o *openCounter) Open(name string) (fs.File, error) {
	o.mu.Lock()
	o.opens[name]++
	o.mu.Unlock()
	return o.FS.Open(name)
}

func (o *openCounter) Stat(name string) (fs.FileInfo, error) {
	if strings.HasSuffix(name, ".md") {
		o.mu.Lock()
		o.stats++
		o.mu.Unlock()
	}
	return fs.Stat(o.FS, name)
}

func (o *openCounter) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.FS, name) }

func (o *openCounter) count() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := o.opens
	o.opens = map[string]int{}
	return c
}

// TestCacheTrustsSettledFiles checks that a load through a cache, without
// bodies, opens only the files whose identity on disk changed since the
// last load read them, and the files changed shortly before that load.
func TestCacheTrustsSettledFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are told by their identity on Linux only")
	}
	files := map[string]string{
		"content/_index.md":          homeMD,
		"content/categories/base.md": categoryMD,
		"content/images/a.md":        imageMD + "A.\n",
		"content/images/b.md":        imageMD + "B.\n",
	}
	dir := writeFiles(t, files)
	fsys := &openCounter{FS: os.DirFS(dir), opens: map[string]int{}}
	c := newMemCache()
	load := func(opts content.LoadOptions) *content.Site {
		t.Helper()
		site, err := content.LoadWith(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		return site
	}
	md := func(opens map[string]int) []string {
		var out []string
		for p := range opens {
			if strings.HasSuffix(p, ".md") {
				out = append(out, p)
			}
		}
		slices.Sort(out)
		return out
	}

	// Files just written are read every time: a write within the same
	// tick of the clock would not change their identity.
	fresh := content.LoadOptions{Cache: c, DropBodies: true}
	load(fresh)
	fsys.count()
	load(fresh)
	if got := md(fsys.count()); len(got) != len(files) {
		t.Errorf("files just written: opened %q, want all", got)
	}

	settled := fresh
	content.Settle(&settled, time.Nanosecond)
	want := load(settled)
	fsys.count()
	got := load(settled)
	if opened := md(fsys.count()); len(opened) != 0 {
		t.Errorf("nothing changed: opened %q", opened)
	}
	if !reflect.DeepEqual(got.Documents, want.Documents) {
		t.Error("the documents from the cache differ from those read")
	}

	// The same size, the same modification time: a new change time.
	p := filepath.Join(dir, "content/images/a.md")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(imageMD+"Z.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	got = load(settled)
	if opened := md(fsys.count()); !slices.Equal(opened, []string{"content/images/a.md"}) {
		t.Errorf("after an edit of a.md: opened %q", opened)
	}
	body, _, err := content.ReadBody(fsys, "content/images/a.md", got.Documents[2].Front)
	if err != nil || string(body) != "Z.\n" || got.Documents[2].Sum == want.Documents[2].Sum {
		t.Errorf("after an edit of a.md: body %q (%v), hash %x (was %x)", body, err, got.Documents[2].Sum, want.Documents[2].Sum)
	}

	// With bodies, every file is read.
	load(content.LoadOptions{Cache: c})
	if got := md(fsys.count()); len(got) != len(files) {
		t.Errorf("with bodies: opened %q, want all", got)
	}
}

// TestKeepLater checks that a load with KeepLater puts nothing in the
// cache, and that KeepParsed then puts there what a load without it
// would have: the documents by their bytes and, for files on disk that
// had settled, by their identity.
func TestKeepLater(t *testing.T) {
	bundled := bundledContent(t)
	bundled["content/images/broken.md"] = file("---\nsummary: s\ncategories: [base]\nunknown: 1\n---\n")
	files := map[string]string{}
	for p, f := range bundled {
		files[p] = string(f.Data)
	}
	disk := os.DirFS(writeFiles(t, files))
	for _, fsys := range []fs.FS{bundled, disk} {
		for _, drop := range []bool{false, true} {
			now, later := newMemCache(), newMemCache()
			opts := content.LoadOptions{Cache: now, DropBodies: drop}
			content.Settle(&opts, time.Nanosecond)
			want, wantErr := content.LoadWith(fsys, opts)
			opts.Cache, opts.KeepLater = later, true
			got, err := content.LoadWith(fsys, opts)
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("errors %v, want %v", err, wantErr)
			}
			if len(later.m) != 0 {
				t.Errorf("%d entries kept during the load", len(later.m))
			}
			if !reflect.DeepEqual(got.Documents, want.Documents) {
				t.Errorf("drop bodies %v: the documents differ from those of a load without KeepLater", drop)
			}
			got.KeepParsed()
			got.KeepParsed() // nothing more
			if len(now.m) <= len(want.Documents) && fsys == disk {
				t.Errorf("%d entries for %d documents on disk: no identities kept", len(now.m), len(want.Documents))
			}
			if !maps.EqualFunc(later.m, now.m, bytes.Equal) {
				t.Errorf("drop bodies %v: KeepParsed kept %d entries, a load without KeepLater %d, or other values", drop, len(later.m), len(now.m))
			}
		}
	}
}

// TestKeepLaterOnManyCores loads with KeepLater on a machine with more
// than 64 cores (GOMAXPROCS 200; one reader per core, up to one per
// file): the load, as sitegen serve's first start makes it, must not fail
// there, and must give the documents, and after KeepParsed the cache,
// that a load without KeepLater does.
func TestKeepLaterOnManyCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(200))
	fsys := bundledContent(t)
	for i := range 200 {
		fsys[fmt.Sprintf("content/guides/g%03d.md", i)] = file(pageMD + "A guide.\n")
	}
	now, later := newMemCache(), newMemCache()
	want, wantErr := content.LoadWith(fsys, content.LoadOptions{Cache: now})
	got, err := content.LoadWith(fsys, content.LoadOptions{Cache: later, KeepLater: true})
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("errors %v, want %v", err, wantErr)
	}
	if len(got.Documents) != len(want.Documents) || !reflect.DeepEqual(got.Documents, want.Documents) {
		t.Errorf("%d documents, want %d, or other ones", len(got.Documents), len(want.Documents))
	}
	got.KeepParsed()
	if !maps.EqualFunc(later.m, now.m, bytes.Equal) {
		t.Errorf("KeepParsed kept %d entries, a load without KeepLater %d, or other values", len(later.m), len(now.m))
	}
}

// sizedCache is a memCache that tells how many entries it holds.
type sizedCache struct{ *memCache }

func (c sizedCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// TestEmptyCacheLooksUpNoFile checks that a load through a cache that
// says it holds nothing reads every file without looking it up by its
// identity first, and that one through a cache holding something looks
// each up.
func TestEmptyCacheLooksUpNoFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"content/_index.md":          homeMD,
		"content/categories/base.md": categoryMD,
		"content/images/a.md":        imageMD,
	})
	fsys := &openCounter{FS: os.DirFS(dir), opens: map[string]int{}}
	c := sizedCache{newMemCache()}
	opts := content.LoadOptions{Cache: c, DropBodies: true}
	content.Settle(&opts, time.Nanosecond)
	for _, want := range []int{0, 3} {
		fsys.stats = 0
		if _, err := content.LoadWith(fsys, opts); err != nil {
			t.Fatal(err)
		}
		if fsys.stats != want {
			t.Errorf("a cache of %d entries: %d files looked up, want %d", c.Len(), fsys.stats, want)
		}
	}
}
