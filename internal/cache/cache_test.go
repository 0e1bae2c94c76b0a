package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func key(s string) Key { return sha256.Sum256([]byte(s)) }

func version(v string) func() (string, error) {
	return func() (string, error) { return v, nil }
}

// fill saves a pack at path holding the given entries.
func fill(t *testing.T, path, v string, entries map[string]string) {
	t.Helper()
	p := Open(path, version(v))
	for k, val := range entries {
		p.Put(key(k), []byte(val))
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
}

// contents opens the pack at path and returns what it holds of the keys
// asked for; it closes the pack without saving.
func contents(t *testing.T, path, v string, keys ...string) map[string]string {
	t.Helper()
	p := Open(path, version(v))
	defer p.Close()
	got := map[string]string{}
	for _, k := range keys {
		if val, ok := p.Get(key(k)); ok {
			got[k] = string(val)
		}
	}
	return got
}

var three = map[string]string{"a": "alpha", "b": "", "c": string(bytes.Repeat([]byte("gamma "), 1000))}

// TestLen checks that Len counts the entries of the pack as it was: none
// for a missing pack or one of another version, not those put since.
func TestLen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	for _, c := range []struct {
		version string
		want    int
	}{{"v1", 0}, {"v1", 3}, {"v2", 0}} {
		p := Open(path, version(c.version))
		if got := p.Len(); got != c.want {
			t.Errorf("version %s: Len %d, want %d", c.version, got, c.want)
		}
		for k, val := range three {
			p.Put(key(k), []byte(val))
		}
		if got := p.Len(); got != c.want {
			t.Errorf("version %s, after Put: Len %d, want %d", c.version, got, c.want)
		}
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "site.pack") // the folder is made
	fill(t, path, "v1", three)
	got := contents(t, path, "v1", "a", "b", "c", "d")
	if fmt.Sprint(got) != fmt.Sprint(three) {
		t.Errorf("got %v, want %v", got, three)
	}
}

func TestAnotherVersionIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", three)
	if got := contents(t, path, "v2", "a", "b", "c"); len(got) != 0 {
		t.Errorf("another version found %v", got)
	}
	if got := contents(t, path, "v", "a"); len(got) != 0 {
		t.Errorf("a version that is a prefix found %v", got)
	}
}

// TestSaveKeepsWhatWasUsed: a pack holds the entries the last run got or
// put, and no others.
func TestSaveKeepsWhatWasUsed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", three)
	p := Open(path, version("v1"))
	if v, ok := p.Get(key("a")); !ok || string(v) != "alpha" {
		t.Fatalf("Get(a) = %q, %v", v, ok)
	}
	p.Put(key("d"), []byte("delta"))
	p.Put(key("d"), []byte("delta again")) // the first one stays
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	got := contents(t, path, "v1", "a", "b", "c", "d")
	if want := map[string]string{"a": "alpha", "d": "delta"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestCloseLeavesThePack: a run that does not save changes nothing and
// leaves no file behind.
func TestCloseLeavesThePack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "site.pack")
	fill(t, path, "v1", three)
	before, _ := os.ReadFile(path)
	p := Open(path, version("v1"))
	p.Get(key("a"))
	p.Put(key("z"), []byte("zeta"))
	p.Close()
	p.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("Close changed the pack")
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("files left: %v", names)
	}
	if err := p.Save(); err == nil {
		t.Error("Save after Close: no error")
	}
}

// TestDamagedPacks: every cut and every flipped byte of a pack leaves it
// empty or gives the values stored, never others; so do files that are
// not packs.
func TestDamagedPacks(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pack")
	entries := map[string]string{"a": "alpha", "b": "beta", "c": "gamma"}
	fill(t, good, "v1", entries)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, damaged []byte) {
		t.Helper()
		path := filepath.Join(dir, "damaged.pack")
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		for k, v := range contents(t, path, "v1", "a", "b", "c") {
			if v != entries[k] {
				t.Fatalf("%s: %s = %q, want %q or nothing", name, k, v, entries[k])
			}
		}
	}
	for n := range len(data) {
		check(fmt.Sprintf("cut to %d bytes", n), data[:n])
	}
	for i := range data {
		for _, bit := range []byte{1, 0x80} {
			d := bytes.Clone(data)
			d[i] ^= bit
			check(fmt.Sprintf("byte %d ^ %#x", i, bit), d)
		}
	}
	check("empty", nil)
	check("text", []byte("not a pack\n"))
	check("doubled", append(bytes.Clone(data), data...))

	// So is a missing one.
	if got := contents(t, filepath.Join(dir, "missing.pack"), "v1", "a"); len(got) != 0 {
		t.Errorf("a missing pack found %v", got)
	}
}

// TestEntryChecksum: a value whose bytes changed is missing, the others
// are still found.
func TestEntryChecksum(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", map[string]string{"a": "alpha-alpha", "b": "beta-beta"})
	data, _ := os.ReadFile(path)
	i := bytes.Index(data, []byte("alpha-alpha"))
	data[i] = 'A'
	os.WriteFile(path, data, 0o644)
	got := contents(t, path, "v1", "a", "b")
	if want := map[string]string{"b": "beta-beta"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestConcurrentRuns: runs that share a pack each save a whole one; the
// last to save wins, and a run that opened the old pack still reads it.
func TestConcurrentRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", three)
	reader := Open(path, version("v1"))
	defer reader.Close()
	reader.Get(key("b")) // the pack is open
	var wg sync.WaitGroup
	runs := make([]*Pack, 4)
	for i := range runs {
		runs[i] = Open(path, version("v1"))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var inner sync.WaitGroup
			for j := range 50 {
				inner.Add(1)
				go func() {
					defer inner.Done()
					runs[i].Get(key("a"))
					runs[i].Put(key(fmt.Sprint(i, "/", j)), []byte(fmt.Sprint("value ", i, "/", j)))
				}()
			}
			inner.Wait()
		}()
	}
	wg.Wait()
	for i, r := range runs {
		if err := r.Save(); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	p := Open(path, version("v1"))
	defer p.Close()
	if v, ok := p.Get(key("a")); !ok || string(v) != "alpha" {
		t.Errorf("a = %q, %v", v, ok)
	}
	for j := range 50 {
		if v, ok := p.Get(key(fmt.Sprint(3, "/", j))); !ok || string(v) != fmt.Sprint("value 3/", j) {
			t.Errorf("3/%d = %q, %v", j, v, ok)
		}
	}
	if _, ok := p.Get(key("0/0")); ok {
		t.Error("an earlier run's entry is in the last run's pack")
	}
	if v, ok := reader.Get(key("c")); !ok || string(v) != three["c"] {
		t.Error("a run that had the old pack open cannot read it any more")
	}
}

func TestCannotSave(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	p := Open(filepath.Join(file, "site.pack"), version("v1")) // a folder under a file
	p.Put(key("a"), []byte("alpha"))
	if _, ok := p.Get(key("a")); ok {
		t.Error("Get found a value in a pack that cannot exist")
	}
	if err := p.Save(); err == nil {
		t.Error("Save under a file: no error")
	}

	p = Open(filepath.Join(dir, "site.pack"), func() (string, error) { return "", fmt.Errorf("no executable") })
	p.Put(key("a"), []byte("alpha"))
	if err := p.Save(); err == nil {
		t.Error("Save without a version: no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "site.pack")); err == nil {
		t.Error("a pack without a version was written")
	}
}

func TestExecutableVersion(t *testing.T) {
	v1, err := ExecutableVersion()
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := ExecutableVersion()
	if v1 != v2 || len(v1) < 64 {
		t.Errorf("versions %q and %q", v1, v2)
	}
}

func TestPathFor(t *testing.T) {
	a, _ := PathFor("/c", "/sites/a")
	a2, _ := PathFor("/c", "/sites/x/../a")
	b, _ := PathFor("/c", "/sites/b")
	if a != a2 || a == b || filepath.Dir(a) != "/c" || filepath.Ext(a) != ".pack" {
		t.Errorf("PathFor: %s %s %s", a, a2, b)
	}
}

// TestStaleTemporaryFiles: a killed run's temporary file goes once it is a
// day old; a running one's stays.
func TestStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "site.pack")
	stale, fresh := path+".tmp-1", path+".tmp-2"
	os.WriteFile(stale, []byte("x"), 0o644)
	os.WriteFile(fresh, []byte("x"), 0o644)
	old := time.Now().Add(-25 * time.Hour)
	os.Chtimes(stale, old, old)
	Open(path, version("v1")).Close()
	if _, err := os.Stat(stale); err == nil {
		t.Error("a day-old temporary file is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temporary file was removed")
	}
}

// TestVersionLength checks the limit on a program version: one of
// maxVersion bytes keys a pack, a longer one is refused and no pack is
// written.
func TestVersionLength(t *testing.T) {
	dir := t.TempDir()
	exact := strings.Repeat("v", maxVersion)
	path := filepath.Join(dir, "exact.pack")
	fill(t, path, exact, map[string]string{"a": "alpha"})
	if got := contents(t, path, exact, "a"); got["a"] != "alpha" {
		t.Errorf("a version of %d bytes: got %v", len(exact), got)
	}
	long := exact + "v"
	path = filepath.Join(dir, "long.pack")
	p := Open(path, version(long))
	p.Put(key("a"), []byte("alpha"))
	if err := p.Save(); err == nil || !strings.Contains(err.Error(), "a version of 1025 bytes is longer than 1024") {
		t.Errorf("a version of %d bytes: Save: %v", len(long), err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a pack was written for a version too long: %v", err)
	}
}

// TestOnlyEmptyValues checks a pack whose values are all empty, whose
// index follows its header directly.
func TestOnlyEmptyValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", map[string]string{"a": "", "b": ""})
	if got := contents(t, path, "v1", "a", "b"); len(got) != 2 {
		t.Errorf("got %v, want a and b, empty", got)
	}
}

// TestEntryPastIndex checks that a pack whose index, checksum and all,
// names a value running into the index is not used at all, not only
// that value.
func TestEntryPastIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.pack")
	fill(t, path, "v1", map[string]string{"a": "alpha", "b": "beta"})
	data, _ := os.ReadFile(path)
	trailer := data[len(data)-trailerLen:]
	indexOff := int(binary.LittleEndian.Uint64(trailer))
	raw := data[indexOff : len(data)-trailerLen]
	// The first entry's value is made to end one byte into the index.
	first := raw[:entryLen]
	off := binary.LittleEndian.Uint64(first[32:])
	binary.LittleEndian.PutUint32(first[40:], uint32(uint64(indexOff)-off+1))
	head := header("v1")
	binary.LittleEndian.PutUint32(trailer[12:], crc32.Update(crc32.Checksum(head, castagnoli), castagnoli, raw))
	os.WriteFile(path, data, 0o644)
	if got := contents(t, path, "v1", "a", "b"); len(got) != 0 {
		t.Errorf("got %v, want nothing", got)
	}
}
