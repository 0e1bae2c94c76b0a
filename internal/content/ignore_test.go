package content

import (
	"testing"
	"testing/fstest"
)

func TestIgnored(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
		why  string
	}{
		{"go.md", false, "Markdown"},
		{"site.css", false, "a stylesheet"},
		{"index.html", false, "a template"},
		{"4913.md", false, "a file that starts like vim's probe"},
		{"Makefile", false, "one capital letter, no digit"},
		{"LICENSES", false, "all capitals"},
		{"contents", false, "all small letters"},
		{"sed", false, "just sed"},
		{"sedimentary.md", false, "a file that starts with sed"},
		{"sed12345x", true, "sed -i"},
		{"sedAbC9zQ", true, "sed -i"},
		{"sedAb-9zQ", false, "sed's names have no dash"},
		{"Xq3ZrT0a", true, "perl -pi"},
		{"AbcdEfGh", true, "perl -pi, no digit"},
		{"ABcdefgh", true, "perl -pi: two capitals, as few as count"},
		{"ABCDEFgh", true, "perl -pi: two small letters, as few as count"},
		{"ABCDEFGh", false, "one small letter, no digit"},
		{"q1w2e3r4", true, "perl -pi: a digit, no capital"},
		{"abcdefg0", true, "perl -pi: a 0"},
		{"ABCDEFG9", true, "perl -pi: a 9"},
		{"AZbcdefg", true, "perl -pi: two capitals, one a Z"},
		{"Xq3ZrT0", false, "7 characters: not perl's"},
		{"Xq3Zr.0a", false, "a dot: not perl's"},
		{".hidden.md", true, "dotfile"},
		{".DS_Store", true, "dotfile"},
		{".go.md.swp", true, "vim swap"},
		{"go.md.swp", true, "vim swap"},
		{"go.md.swo", true, "vim swap"},
		{"go.md.swx", true, "vim swap"},
		{"go.md~", true, "backup"},
		{"4913", true, "vim's probe"},
		{".#go.md", true, "emacs lock"},
		{"#go.md#", true, "emacs auto-save"},
		{"#", false, "a lone hash"},
		{"go.md___jb_tmp___", true, "JetBrains"},
		{"go.md___jb_old___", true, "JetBrains"},
		{".goutputstream-ABC123", true, "GNOME"},
		{"go.md.tmp", true, "temp"},
	} {
		if got := Ignored(tc.name); got != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v (%s)", tc.name, got, tc.want, tc.why)
		}
	}
}

// TestLoadSkipsSideFiles checks that editors' and tools' side files are
// never read as content or resources, whatever they hold.
func TestLoadSkipsSideFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":                    {Data: []byte("---\ntitle: T\n---\n")},
		"content/images/go.md___jb_tmp___":     {Data: []byte("---\nbroken")},
		"content/images/sedQ1w2E3":             {Data: []byte("---\nbroken")},
		"content/images/Xq3ZrT0a":              {Data: []byte("---\nbroken")},
		"content/images/#go.md#":               {Data: []byte("---\nbroken")},
		"content/images/.#go.md":               {Data: []byte("---\nbroken")},
		"content/images/go.md.swo":             {Data: []byte("---\nbroken")},
		"content/images/4913":                  {Data: []byte("")},
		"content/.git/config":                  {Data: []byte("x")},
		"content/images/go.md___jb_old___":     {Data: []byte("---\nbroken")},
		"content/guides/notes.md~":             {Data: []byte("---\nbroken")},
		"content/guides/sedXXXXXX.md.swp":      {Data: []byte("---\nbroken")},
		"content/guides/.goutputstream-Q1W2E3": {Data: []byte("---\nbroken")},
	}
	site, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(site.Documents) != 1 || len(site.Resources) != 0 || len(site.Failed) != 0 {
		t.Errorf("Load read %d documents, %d resources, %d failed; want only _index.md", len(site.Documents), len(site.Resources), len(site.Failed))
	}
}
