package content

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/sitegen/sitegen/internal/scan"
)

// Scan names an image's scanner reports: paths relative to content/, as
// written in the front matter ("reports/web.grype.json" is the file
// content/reports/web.grype.json), and the lines of the keys.
type Scan struct {
	Report, Upstream         string
	ReportLine, UpstreamLine int
}

// A Report is one scanner report as ReadReports read it.
type Report struct {
	*scan.Report
	Path string // the slash path from the site root, e.g. "content/reports/web.grype.json"
	Hash uint64 // a hash of the file's bytes: equal when the file did not change
}

// reportPattern is the form of a scan.report or scan.upstream path: a
// relative path under content/ of a .json file.
const reportPattern = `^[^/.\s][^\s]*\.json$`

var reportRE = regexp.MustCompile(reportPattern)

// reportField takes the path of a report, relative to content/.
func reportField(key string, dst *string, line *int) field {
	want := "the path of a JSON report relative to content/, like reports/web.grype.json"
	return field{key, false, want, func(d *decoder, n *node) {
		if n.kind != scalarNode || n.tag != "str" {
			d.wrongType(n, key, want)
			return
		}
		v := strings.TrimSpace(n.value)
		clean := path.Clean(strings.TrimPrefix(strings.TrimPrefix(v, "./"), "content/"))
		switch {
		case strings.HasPrefix(v, "/") || clean == ".." || strings.HasPrefix(clean, "../") || !fs.ValidPath(clean):
			d.errorf(n.line, "%q must be a path under content/, relative to it, like reports/web.grype.json, not %q", key, v)
		case !reportRE.MatchString(v) || clean != v:
			msg := fmt.Sprintf("%q must be %s, not %q", key, want, v)
			if reportRE.MatchString(clean) {
				msg += fmt.Sprintf("; did you mean %q?", clean)
			}
			d.errorf(n.line, "%s", msg)
		default:
			*dst, *line = v, n.line
		}
	}, shape{kind: textShape, pattern: reportPattern}}
}

// scanFields are the keys of an image's scan mapping.
func scanFields(s *Scan) []field {
	return []field{
		reportField("report", &s.Report, &s.ReportLine),
		reportField("upstream", &s.Upstream, &s.UpstreamLine),
	}
}

// ReadReports reads, in fsys, every report the images of docs name, by
// path from the site root. A report that is missing, larger than
// scan.MaxSize, not JSON or of neither format is an error at the image
// file's line of the key, naming the report (and, for bad JSON, its line).
// Reports are read on every call, so that an edited report is seen.
func ReadReports(fsys fs.FS, docs []*Document) (map[string]*Report, error) {
	var errs Errors
	reports := map[string]*Report{}
	bad := map[string]string{}
	for _, doc := range docs {
		if doc.Image == nil {
			continue
		}
		s := doc.Image.Scan
		for _, r := range []struct {
			key, rel string
			line     int
		}{{"scan.report", s.Report, s.ReportLine}, {"scan.upstream", s.Upstream, s.UpstreamLine}} {
			if r.rel == "" {
				continue
			}
			p := "content/" + r.rel
			if _, ok := reports[p]; !ok && bad[p] == "" {
				rep, msg := readReport(fsys, p)
				if msg != "" {
					bad[p] = msg
				} else {
					reports[p] = rep
				}
			}
			if msg := bad[p]; msg != "" {
				errs.Addf(doc.Path, r.line, "%s %s", r.key, msg)
			}
		}
	}
	return reports, errs.Err()
}

// readReport reads one report; on a problem it returns a message that
// starts with the report's path (and line).
func readReport(fsys fs.FS, p string) (*Report, string) {
	info, err := fs.Stat(fsys, p)
	switch {
	case err != nil:
		return nil, fmt.Sprintf("%s: no such file; write it with grype IMAGE -o json > %s, or fix the path (it is relative to content/)", p, p)
	case info.IsDir():
		return nil, fmt.Sprintf("%s: is a folder, not a report", p)
	case info.Size() > scan.MaxSize:
		return nil, fmt.Sprintf("%s: report is %d bytes; the largest report sitegen reads is %d MiB", p, info.Size(), scan.MaxSize>>20)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, fmt.Sprintf("%s: cannot read: %v", p, unwrapPath(err))
	}
	rep, err := scan.Parse(data)
	if err != nil {
		var se *scan.Error
		if errors.As(err, &se) && se.Line > 0 {
			return nil, fmt.Sprintf("%s:%d: %s", p, se.Line, se.Msg)
		}
		return nil, fmt.Sprintf("%s: %v", p, err)
	}
	h := fnv.New64a()
	h.Write(data)
	return &Report{Report: rep, Path: p, Hash: h.Sum64()}, ""
}
