package content_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/content"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

const (
	homeMD     = "---\ntitle: Catalog\n---\n"
	categoryMD = "---\ntitle: Base\nsummary: Build on these.\n---\n"
	imageMD    = "---\nsummary: An image.\ncategories: [base]\n---\n"
	pageMD     = "---\ntitle: A page\n---\n"
)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":              file(homeMD),
		"content/categories/base.md":     file(categoryMD),
		"content/images/go.md":           file(imageMD),
		"content/images/go-fips.md":      file(imageMD),
		"content/images/go.png":          file("PNG"),
		"content/guides/_index.md":       file(pageMD),
		"content/guides/a.md":            file(pageMD),
		"content/guides/diagram.svg":     file("<svg/>"),
		"content/guides/notes.txt":       file("notes"),
		"content/guides/README.MD":       file("upper-case extension: a resource"),
		"content/.hidden.md":             file("not read"),
		"content/.git/config":            file("not read"),
		"content/guides/.a.md.swp":       file("\x00vim"),
		"content/guides/a.md~":           file("backup"),
		"content/guides/#a.md#":          file("emacs autosave"),
		"content/guides/.#a.md":          file("emacs lock"),
		"content/guides/4913":            file("vim probe"),
		"content/guides/a.md.tmp":        file("editor temp"),
		"content/images/go.md.swx":       file("vim swap"),
		"templates/page.html":            file("outside content/: not read"),
		"content/guides/deep/er/page.md": file(pageMD),
	}
	site, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range site.Documents {
		paths = append(paths, d.Path)
	}
	wantDocs := []string{
		"content/_index.md",
		"content/categories/base.md",
		"content/guides/_index.md",
		"content/guides/a.md",
		"content/guides/deep/er/page.md",
		"content/images/go-fips.md",
		"content/images/go.md",
	}
	if !slices.Equal(paths, wantDocs) {
		t.Errorf("documents:\n got %q\nwant %q", paths, wantDocs)
	}
	wantRes := []content.Resource{
		{Path: "content/guides/README.MD"},
		{Path: "content/guides/diagram.svg"},
		{Path: "content/guides/notes.txt"},
		{Path: "content/images/go.png"},
	}
	if !reflect.DeepEqual(site.Resources, wantRes) {
		t.Errorf("resources:\n got %v\nwant %v", site.Resources, wantRes)
	}
	if len(site.Failed) != 0 {
		t.Errorf("failed: %v", site.Failed)
	}
}

// TestLoadAllErrors checks that Load reports the problems of every file,
// sorted by path and line, and keeps what it could read.
func TestLoadAllErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          file("---\ntitle: Catalog\ncolour: blue\n---\n"),
		"content/images/z.md":        file("---\nsummary: s\ncategories: [base]\nshell: maybe\nusr: 1\n---\n"),
		"content/images/a.md":        file("---\nsummary: [s\n---\n"),
		"content/images/Bad.md":      file(imageMD),
		"content/categories/base.md": file("---\ntitle: Base\nweight: x\n---\n"),
		"content/images/m.md":        file(""),
		"content/guides/g.md":        file("no front matter\n"),
		"content/images/big.md":      {Data: make([]byte, content.MaxFileSize+1)},
	}
	site, err := content.Load(fsys)
	want := []string{
		"content/_index.md:3: unknown key \"colour\" in the home page (content/_index.md); known keys: title, description, baseURL, registry, productionRegistry, rawHTML, pageSize, platforms, signing, attestations, scanMaxAge",
		"content/categories/base.md:2: missing required key \"summary\": a category needs a text value",
		"content/categories/base.md:3: \"weight\" must be a whole number, like 10, not the text \"x\"",
		"content/guides/g.md:1: no front matter: start the file with a line \"---\", then \"title\", then a line \"---\"",
		"content/images/Bad.md: image name \"Bad\" is not valid: use lower-case letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit, e.g. \"bad\"",
		"content/images/a.md:2: front matter is not valid YAML: did not find expected ',' or ']'",
		"content/images/big.md: file is 8388609 bytes; the largest file sitegen reads is 8 MiB: split it into several pages",
		"content/images/m.md: file is empty: it needs front matter between \"---\" lines with at least \"summary\" and \"categories\"",
		"content/images/z.md:4: \"shell\" must be true or false, not the text \"maybe\"",
		"content/images/z.md:5: unknown key \"usr\" in an image; did you mean \"user\"?",
	}
	if got := strings.Split(fmtErr(err), "\n"); !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Files with decoding problems are still documents; files that could
	// not be parsed at all are listed as failed.
	var paths []string
	for _, d := range site.Documents {
		paths = append(paths, d.Path)
	}
	wantDocs := []string{"content/_index.md", "content/categories/base.md", "content/images/z.md"}
	if !slices.Equal(paths, wantDocs) {
		t.Errorf("documents %q; want %q", paths, wantDocs)
	}
	wantFailed := []string{"content/guides/g.md", "content/images/Bad.md", "content/images/a.md", "content/images/big.md", "content/images/m.md"}
	if !slices.Equal(site.Failed, wantFailed) {
		t.Errorf("failed %q; want %q", site.Failed, wantFailed)
	}
}

func TestLoadNoContent(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"empty":           {},
		"other folders":   {"templates/x.html": file("x")},
		"content is file": {"content": file("x")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := content.Load(fsys)
			want := "content: no content folder: a site needs content/_index.md and content/images/<name>.md files"
			if got := fmtErr(err); got != want {
				t.Errorf("error %q; want %q", got, want)
			}
		})
	}
}

// TestLoadSymlinks runs Load over a real folder: symbolic links to files
// are followed; loops, dangling links and links to folders are errors.
func TestLoadSymlinks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			if errors.Is(err, os.ErrPermission) || runtime.GOOS == "windows" {
				t.Skipf("cannot make symbolic links here: %v", err)
			}
			t.Fatal(err)
		}
	}
	write("content/_index.md", homeMD)
	write("content/categories/base.md", categoryMD)
	write("shared/go.md", imageMD)
	write("shared/guides/a.md", pageMD)
	link("../../shared/go.md", "content/images/go.md")
	link("loop-b.md", "content/images/loop-a.md")
	link("loop-a.md", "content/images/loop-b.md")
	link("self.md", "content/images/self.md")
	link("missing.md", "content/images/dangling.md")
	link("../shared/guides", "content/guides")
	link("..", "content/up")

	site, err := content.Load(os.DirFS(dir))
	want := []string{
		"content/guides: symbolic link to a folder is not followed; link the files inside it or copy the folder",
		"content/images/dangling.md: symbolic link cannot be followed (no such file or directory): a link loop or a missing target; point it at a file or remove it",
		"content/images/loop-a.md: symbolic link cannot be followed (too many levels of symbolic links): a link loop or a missing target; point it at a file or remove it",
		"content/images/loop-b.md: symbolic link cannot be followed (too many levels of symbolic links): a link loop or a missing target; point it at a file or remove it",
		"content/images/self.md: symbolic link cannot be followed (too many levels of symbolic links): a link loop or a missing target; point it at a file or remove it",
		"content/up: symbolic link to a folder is not followed; link the files inside it or copy the folder",
	}
	if got := strings.Split(fmtErr(err), "\n"); !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var paths []string
	for _, d := range site.Documents {
		paths = append(paths, d.Path)
	}
	wantDocs := []string{"content/_index.md", "content/categories/base.md", "content/images/go.md"}
	if !slices.Equal(paths, wantDocs) {
		t.Errorf("documents %q; want %q", paths, wantDocs)
	}
}

func TestReadBody(t *testing.T) {
	fsys := fstest.MapFS{"content/images/go.md": {Data: []byte("---\r\ntitle: Go\r\n---\r\nBody\r\n")}}
	doc, err := content.Parse("content/images/go.md", fsys["content/images/go.md"].Data)
	if doc == nil {
		t.Fatal(err)
	}
	body, line, err := content.ReadBody(fsys, "content/images/go.md", doc.Front)
	if err != nil || string(body) != string(doc.Body) || line != doc.BodyLine {
		t.Errorf("ReadBody = %q, %d, %v; want %q, %d as parsed", body, line, err, doc.Body, doc.BodyLine)
	}
	fsys["content/images/go.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Go 2\n---\nBody\n")}
	if _, _, err := content.ReadBody(fsys, "content/images/go.md", doc.Front); err == nil || !strings.Contains(err.Error(), "changed while the site was building") {
		t.Errorf("front matter changed: got %v", err)
	}
	if _, _, err := content.ReadBody(fsys, "content/images/gone.md", doc.Front); err == nil || !strings.HasPrefix(err.Error(), "content/images/gone.md") {
		t.Errorf("missing file: got %v", err)
	}
}

// TestSizeLimit checks that a file of exactly MaxFileSize bytes is read,
// by Load and by Parse, and one byte more is refused by both.
func TestSizeLimit(t *testing.T) {
	exact := []byte(imageMD + strings.Repeat("x", content.MaxFileSize-len(imageMD)))
	over := append(slices.Clip(exact), '\n')
	const p = "content/images/big.md"
	if _, err := content.Parse(p, exact); err != nil {
		t.Errorf("Parse of %d bytes: %v", len(exact), err)
	}
	site, err := content.Load(fstest.MapFS{p: {Data: exact}})
	if err != nil || len(site.Documents) != 1 {
		t.Errorf("Load of %d bytes: %d documents, %v", len(exact), len(site.Documents), err)
	}
	want := p + ": file is 8388609 bytes; the largest file sitegen reads is 8 MiB: split it into several pages"
	if _, err := content.Parse(p, over); fmtErr(err) != want {
		t.Errorf("Parse of %d bytes: %v", len(over), err)
	}
	if _, err := content.Load(fstest.MapFS{p: {Data: over}}); fmtErr(err) != want {
		t.Errorf("Load of %d bytes: %v", len(over), err)
	}
}

// brokenDir is a file system whose folder content/guides can be read only
// in part: ReadDir returns its first entry and an error.
type brokenDir struct{ fstest.MapFS }

func (f brokenDir) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := f.MapFS.ReadDir(name)
	if name == "content/guides" && err == nil {
		return entries[:1], errors.New("input/output error")
	}
	return entries, err
}

// TestLoadUnreadableFolder checks that a folder that cannot be read is
// reported, that none of its files are taken from a partial listing, and
// that the rest of the site is still read.
func TestLoadUnreadableFolder(t *testing.T) {
	site, err := content.Load(brokenDir{fstest.MapFS{
		"content/_index.md":    file(homeMD),
		"content/guides/a.md":  file(pageMD),
		"content/guides/b.md":  file(pageMD),
		"content/images/go.md": file(imageMD),
	}})
	if got, want := fmtErr(err), "content/guides: cannot read: input/output error"; got != want {
		t.Errorf("error %q; want %q", got, want)
	}
	var paths []string
	for _, d := range site.Documents {
		paths = append(paths, d.Path)
	}
	if want := []string{"content/_index.md", "content/images/go.md"}; !slices.Equal(paths, want) {
		t.Errorf("documents %q; want %q", paths, want)
	}
}

// grownFS is a file system whose files grew after Stat: Stat reports one
// byte, and a read into no room at all fails instead of returning nothing
// for ever (as fstest's files do).
type grownFS struct{ fstest.MapFS }

func (f grownFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err == nil && info.IsDir() {
		return file, nil
	}
	return grownFile{file}, nil
}

type grownFile struct{ fs.File }

func (f grownFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	return grownInfo{info}, err
}

func (f grownFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, errors.New("read into no room")
	}
	return f.File.Read(b)
}

type grownInfo struct{ fs.FileInfo }

func (grownInfo) Size() int64 { return 1 }

// TestLoadFileThatGrew checks that a file longer than Stat said when it
// was opened (an editor still writing it) is read to its end.
func TestLoadFileThatGrew(t *testing.T) {
	body := strings.Repeat("A long body.\n", 1000)
	site, err := content.Load(grownFS{fstest.MapFS{"content/guides/a.md": file(pageMD + body)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Documents) != 1 || string(site.Documents[0].Body) != body {
		t.Errorf("documents %d; want the one page with its %d bytes of body", len(site.Documents), len(body))
	}
}
