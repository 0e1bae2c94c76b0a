package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitegen/sitegen/internal/site"
)

// checkDest refuses an output folder that would swallow the sources: the
// build replaces it whole.
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("--dest %s holds the site's sources; the build replaces --dest whole, so choose a folder of its own, such as %s", dest, filepath.Join(source, "public"))
	}
	for _, sub := range []string{"content", "templates", "static"} {
		if dst == filepath.Join(src, sub) || strings.HasPrefix(dst, filepath.Join(src, sub)+string(filepath.Separator)) {
			return fmt.Errorf("--dest %s is inside the site's %s/ folder; choose a folder of its own, such as %s", dest, sub, filepath.Join(source, "public"))
		}
	}
	return nil
}

// writeDir writes out into dest so that dest is either the old site or the
// new one, never a mix: the files go to a fresh folder beside dest, which
// then takes dest's place in two renames. The old site is removed last.
func writeDir(out *site.Output, dest string) error {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	for _, name := range out.Names() {
		data, _ := out.File(name)
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			os.RemoveAll(tmp)
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	old := ""
	if _, err := os.Lstat(dest); err == nil {
		old = filepath.Join(parent, "."+filepath.Base(dest)+".old-"+filepath.Base(tmp)[len(filepath.Base(dest))+6:])
		if err := os.Rename(dest, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			os.Rename(old, dest)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
