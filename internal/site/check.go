package site

import (
	"context"
	"errors"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
)

// Check returns every problem Build would report for the site of opts, or
// nil, and writes nothing: opts.Write and opts.Cache are not used. It
// reads the content, builds the catalog, renders every Markdown body and
// runs every page's template (a page's ids, which anchors are checked
// against, are what its template writes), makes catalog.json, and checks
// every site link. It does less than Build to the same end: it neither
// minifies nor keeps a page, and it highlights no code
// (render.NewPlainHighlighter), which changes no link, heading, id or
// error. Once opts.Context is done it stops and returns
// context.Cause(opts.Context).
func Check(opts Options) error {
	opts.Write, opts.Cache, opts.Minify = nil, nil, false
	opts.Highlighter = render.NewPlainHighlighter()
	var cancel <-chan struct{}
	if opts.Context != nil {
		cancel = opts.Context.Done()
	}
	g := Open(opts, NewStore(0))
	extras := make(chan error, 1)
	go func() {
		_, err := g.File("catalog.json")
		extras <- err
	}()
	err := g.Check(cancel)
	if errors.Is(err, ErrCanceled) {
		return context.Cause(opts.Context)
	}
	var errs content.Errors
	errs.Merge("content", err)
	errs.Merge("catalog.json", <-extras)
	return errs.Err()
}
