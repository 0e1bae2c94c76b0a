package content

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// TestApply checks that applying edits to a loaded site gives what Load
// gives for the edited files, reading only the changed files again.
func TestApply(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: T\n---\n")},
		"content/categories/base.md": {Data: []byte("---\ntitle: Base\nsummary: S.\n---\n")},
		"content/images/go.md":       {Data: []byte("---\nsummary: Go.\ncategories: [base]\n---\nBody.\n")},
		"content/images/py.md":       {Data: []byte("---\nsummary: Py.\ncategories: [base]\n---\n")},
		"content/guides/a.md":        {Data: []byte("---\ntitle: A\n---\n")},
		"content/guides/a/pic.png":   {Data: []byte("png")},
	}
	before, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/images/go.md"] = &fstest.MapFile{Data: []byte("---\nsummary: Go, edited.\ncategories: [base]\n---\nBody.\n")}
	delete(fsys, "content/images/py.md")
	fsys["content/images/rb.md"] = &fstest.MapFile{Data: []byte("---\nsummary: Ruby.\ncategories: [base]\n---\n")}
	fsys["content/guides/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [broken\n---\n")}
	fsys["content/guides/a.png"] = &fstest.MapFile{Data: []byte("png")}
	fsys["content/guides/sedAb12Cd"] = &fstest.MapFile{Data: []byte("---\n")}
	changed := []string{"content/guides/a.png", "content/guides/b.md", "content/guides/sedAb12Cd",
		"content/images/go.md", "content/images/py.md", "content/images/rb.md", "templates/home.html"}
	got, gotErr, ok := before.Apply(fsys, changed)
	if !ok {
		t.Fatal("Apply gave up")
	}
	want, wantErr := Load(fsys)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Apply gave\n%+v\nLoad gives\n%+v", got, want)
	}
	if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() {
		t.Errorf("Apply's problems %v, Load's %v", gotErr, wantErr)
	}
	if got.Documents[0] != before.Documents[0] {
		t.Error("an unchanged document was read again")
	}
	if _, _, ok := before.Apply(fsys, []string{"content/guides"}); ok {
		t.Error("Apply took a folder")
	}
}
