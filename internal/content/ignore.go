package content

import "strings"

// Ignored reports whether a file or folder name is one sitegen never reads
// and whose changes never start a build: a hidden name, or a side file an
// editor or a tool leaves beside the file it saves. The dev server's
// watcher, Load and the theme layering all ask it, so that a save is seen
// the same way everywhere:
//
//   - any name starting with "." (dotfiles, emacs' ".#name" lock, vim's
//     ".name.swp", GNOME's ".goutputstream-*", .DS_Store);
//   - backups and swap files: "name~", "*.swp", "*.swo", "*.swn", "*.swx",
//     "*.tmp";
//   - emacs' "#name#" auto-save file;
//   - vim's "4913", written to check that the folder is writable;
//   - JetBrains' safe-write files, "name___jb_tmp___" and "name___jb_old___";
//   - sed -i's temp file, "sed" and 6 letters or digits (GNU sed's
//     mkstemp template "sedXXXXXX");
//   - perl -pi's temp file (perl 5.28 and later), 8 letters or digits from
//     mkstemp's "XXXXXXXX", with no dot. So that a real file such as
//     "Makefile" or "LICENSES" is not taken for one, such a name counts
//     only when it has a digit or at least two capital and two small
//     letters, as all but about 2% of mkstemp's names have.
//
// A save that writes one of these and renames it over the real file is
// then seen as a change of the real file alone.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."):
		return true
	case strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".swn"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"):
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case name == "4913":
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	case len(name) == 9 && strings.HasPrefix(name, "sed") && alnum(name[3:]):
		return true
	case len(name) == 8 && alnum(name) && looksRandom(name):
		return true
	}
	return false
}

// alnum reports whether s is ASCII letters and digits only.
func alnum(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// looksRandom reports whether s, letters and digits, has a digit or at
// least two capital and two small letters.
func looksRandom(s string) bool {
	var upper, lower int
	for _, c := range []byte(s) {
		switch {
		case '0' <= c && c <= '9':
			return true
		case 'A' <= c && c <= 'Z':
			upper++
		default:
			lower++
		}
	}
	return upper >= 2 && lower >= 2
}
