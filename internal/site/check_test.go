package site_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/site"
)

// TestCheckMatchesBuild checks that Check reports exactly what Build
// reports, on the test sites and on broken variants of small.txtar whose
// problems only a page's template shows (an anchor to a section the
// template writes for some images only, a template that fails on one
// image), and that it writes nothing, cache included.
func TestCheckMatchesBuild(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	cases := map[string]func(fstest.MapFS){}
	for _, f := range files {
		cases[filepath.Base(f)] = nil
	}
	cases["small.txtar+broken"] = func(src fstest.MapFS) {
		// python has no compatibility notes, so its page has no
		// #compatibility; a heading after highlighted code keeps its id.
		src["content/guides/more.md"] = &fstest.MapFile{Data: []byte("---\ntitle: More\n---\n" +
			"```go\nfunc main() { println(\"id=\\\"x\\\"\") }\n```\n\n## After code\n\n" +
			"[a](/images/python/#compatibility) [b](#after-code) [c](#afer-code) [d](/imagse/python/) [e](/images/python/#tags)\n")}
	}
	cases["small.txtar+template"] = func(src fstest.MapFS) {
		src["templates/image.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if eq .Image.Name "python"}}{{.Nope}}{{end}}{{end}}`)}
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			file := name
			if change != nil {
				file = "small.txtar"
			}
			ar, err := txtar.ParseFile(filepath.Join("testdata/sites", file))
			if err != nil {
				t.Fatal(err)
			}
			opts := archiveOptions(t, ar)
			if change != nil {
				change(opts.Source.(fstest.MapFS))
			}
			_, buildErr := site.Build(opts)
			if change != nil && buildErr == nil {
				t.Fatal("the broken site built")
			}
			opts.Write = func(name string, _ []byte) error {
				t.Errorf("Check wrote %s", name)
				return nil
			}
			opts.Cache = failCache{t}
			checkErr := site.Check(opts)
			if errText(checkErr) != errText(buildErr) {
				t.Errorf("Check reports:\n%s\nBuild reports:\n%s", errText(checkErr), errText(buildErr))
			}
		})
	}
}

// TestCheckStops checks that a Check whose context is done returns the
// context's cause.
func TestCheckStops(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	stop := errors.New("stop")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(stop)
	opts.Context = ctx
	if err := site.Check(opts); !errors.Is(err, stop) {
		t.Errorf("Check = %v, want %v", err, stop)
	}
}

func errText(err error) string {
	if err == nil {
		return "(no errors)"
	}
	return err.Error()
}

// failCache fails a test that uses it.
type failCache struct{ t *testing.T }

func (c failCache) Get([32]byte) ([]byte, bool) {
	c.t.Error("Check read the cache")
	return nil, false
}

func (c failCache) Put([32]byte, []byte) { c.t.Error("Check wrote the cache") }

// TestBuildProgress checks that Options.Progress hears of every page, the
// last call saying all are done.
func TestBuildProgress(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	var mu sync.Mutex
	calls, maxDone, total := 0, 0, 0
	opts.Progress = func(done, n int) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		maxDone, total = max(maxDone, done), n
	}
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if pages := res.Stats.Pages + res.Stats.Aliases; total < pages || calls != total || maxDone != total {
		t.Errorf("%d calls, at most %d done of %d; the site has %d pages and aliases", calls, maxDone, total, pages)
	}
}
