package content

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
)

// Apply returns the site as it is after the files at changed (slash paths
// from the site root, as a watcher reports them) were written, created or
// removed, reading only those files again; s is left as it was, and shares
// its unchanged documents with the result. Paths outside content/ and
// ignored names (see Ignored) are skipped. The error holds the problems of
// the files read again, the only problems Apply knows: apply it to a site
// that Load read without problems to get what Load would report.
//
// The files read again lose their bodies when s's did (DropBodies); they
// are parsed, not taken from a cache.
//
// ok is false when a changed path is a folder that still exists (a watcher
// that lost events names whole folders): only Load knows what is in it.
func (s *Site) Apply(fsys fs.FS, changed []string) (next *Site, err error, ok bool) {
	var errs Errors
	opts := LoadOptions{DropBodies: s.dropBodies}
	docs := slices.Clone(s.Documents) // by path, as Load sorts them
	resources := make(map[string]bool, len(s.Resources))
	for _, r := range s.Resources {
		resources[r.Path] = true
	}
	failed := map[string]bool{}
	for _, p := range s.Failed {
		failed[p] = true
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") || skipped(p) {
			continue
		}
		docs = setDocument(docs, p, nil)
		delete(resources, p)
		delete(failed, p)
		info, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			continue // removed
		case info.IsDir():
			return nil, nil, false
		case !strings.HasSuffix(p, ".md"):
			resources[p] = true
		default:
			r := reader{fsys: fsys, opts: opts, errs: &errs}
			if doc := r.read(p); doc != nil {
				docs = setDocument(docs, p, doc)
			} else {
				failed[p] = true
			}
		}
	}
	next = &Site{Documents: docs, dropBodies: s.dropBodies}
	for _, p := range slices.SortedFunc(maps.Keys(resources), walkOrder) {
		next.Resources = append(next.Resources, Resource{Path: p})
	}
	for _, p := range slices.Sorted(maps.Keys(failed)) {
		next.Failed = append(next.Failed, p)
	}
	return next, errs.Err(), true
}

// setDocument puts doc at path p in docs, sorted by path, or takes the
// document at p out when doc is nil.
func setDocument(docs []*Document, p string, doc *Document) []*Document {
	i, found := slices.BinarySearchFunc(docs, p, func(d *Document, p string) int { return strings.Compare(d.Path, p) })
	switch {
	case found && doc == nil:
		return slices.Delete(docs, i, i+1)
	case found:
		docs[i] = doc
		return docs
	case doc != nil:
		return slices.Insert(docs, i, doc)
	}
	return docs
}

// skipped reports whether a path has an ignored name in it.
func skipped(p string) bool {
	for _, seg := range strings.Split(strings.TrimPrefix(p, "content/"), "/") {
		if Ignored(seg) {
			return true
		}
	}
	return false
}

// walkOrder orders slash paths as fs.WalkDir visits them.
func walkOrder(a, b string) int {
	return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/"))
}
