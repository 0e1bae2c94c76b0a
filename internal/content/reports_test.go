package content_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/golden"
	"github.com/sitegen/sitegen/internal/scan"
)

// TestReportsGolden loads each testdata/reports/*.txtar archive as a site
// and reads its reports: "errors" holds what Load and ReadReports report.
func TestReportsGolden(t *testing.T) {
	golden.Run(t, "testdata/reports/*.txtar", []string{"errors"}, func(t *testing.T, ar *txtar.Archive) map[string]string {
		fsys := fstest.MapFS{}
		for _, f := range ar.Files {
			if f.Name != "errors" {
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
		}
		site, err := content.Load(fsys)
		_, rerr := content.ReadReports(fsys, site.Documents)
		return map[string]string{"errors": golden.ErrorLines(errors.Join(err, rerr))}
	})
}

func TestReportsRead(t *testing.T) {
	grype := `{"matches": [{"vulnerability": {"severity": "High"}}], "descriptor": {"name": "grype", "version": "0.84.0"}}`
	fsys := fstest.MapFS{
		"content/images/a.md":             {Data: []byte("---\nsummary: A.\ncategories: [base]\nscan:\n  report: reports/a.json\n  upstream: reports/a.json\n---\n")},
		"content/images/b.md":             {Data: []byte("---\nsummary: B.\ncategories: [base]\n---\n")},
		"content/reports/a.json":          {Data: []byte(grype)},
		"content/reports/huge.grype.json": {Data: make([]byte, scan.MaxSize+1)},
		"content/images/h.md":             {Data: []byte("---\nsummary: H.\ncategories: [base]\nscan:\n  report: reports/huge.grype.json\n---\n")},
		// the largest report read: 64 MiB exactly
		"content/reports/full.grype.json": {Data: append([]byte(grype), bytes.Repeat([]byte{' '}, scan.MaxSize-len(grype))...)},
		"content/images/f.md":             {Data: []byte("---\nsummary: F.\ncategories: [base]\nscan:\n  report: reports/full.grype.json\n---\n")},
	}
	site, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := content.ReadReports(fsys, site.Documents)
	want := "content/images/h.md:5: scan.report content/reports/huge.grype.json: report is 67108865 bytes; the largest report sitegen reads is 64 MiB"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	r := reports["content/reports/a.json"]
	if f := reports["content/reports/full.grype.json"]; f == nil || f.Counts.High != 1 {
		t.Errorf("a report of scan.MaxSize bytes: %+v", f)
	}
	if len(reports) != 2 || r == nil || r.Scanner != "grype" || r.Counts.High != 1 || r.Path != "content/reports/a.json" || r.Hash == 0 {
		t.Errorf("reports %v", reports)
	}
	delete(fsys, "content/reports/full.grype.json") // read once is enough
	fsys["content/reports/a.json"] = &fstest.MapFile{Data: []byte(strings.Replace(grype, "High", "Low", 1))}
	again, _ := content.ReadReports(fsys, site.Documents)
	if a := again["content/reports/a.json"]; a.Hash == r.Hash || a.Counts.Low != 1 {
		t.Errorf("an edited report was not read again: %+v", a)
	}
}
