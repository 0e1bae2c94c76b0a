package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
)

// A reportFormat is how check and build report problems (--format):
//
//   - text: "path:line: message" lines on stderr, then a count;
//   - json: one JSON array on stdout of {file, line, column, message,
//     suggestion} objects ([] when there is none), the count on stderr;
//   - github: one "::error file=...,line=...,col=...::message" workflow
//     command a problem on stdout, which a GitHub Actions run shows as an
//     annotation on the lines of the pull request's diff; the count on
//     stderr.
type reportFormat string

const formatUsage = "how problems are reported: `text` (path:line: message), json (one array on stdout) or github (Actions annotations on stdout)"

func (f *reportFormat) String() string { return string(*f) }

func (f *reportFormat) Set(s string) error {
	switch s {
	case "text", "json", "github":
		*f = reportFormat(s)
		return nil
	}
	return fmt.Errorf("%q is not a format: use text, json or github", s)
}

// jsonProblem is one problem in --format json; its field names are stable.
type jsonProblem struct {
	File       string `json:"file"`       // slash path from the site folder
	Line       int    `json:"line"`       // 1-based; 0 for the file as a whole
	Column     int    `json:"column"`     // 1-based; 0 when not known
	Message    string `json:"message"`    // what is wrong, without the suggestion
	Suggestion string `json:"suggestion"` // what was likely meant, or ""
}

// report writes the problems of err in format f, and the count, ending
// with tail ("; nothing was written"), on stderr. It returns how many
// problems there were.
func report(stdout, stderr io.Writer, f reportFormat, err error, tail string) int {
	list := content.List(err)
	n := len(list)
	switch f {
	case "json":
		out := make([]jsonProblem, len(list))
		for i, e := range list {
			out[i] = jsonProblem{File: e.Path, Line: e.Line, Column: e.Column, Message: e.Detail(), Suggestion: e.Suggestion}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(out)
	case "github":
		for _, e := range list {
			fmt.Fprintln(stdout, githubError(e))
		}
	default:
		n = 0
		if err != nil {
			for _, e := range joined(err) {
				fmt.Fprintln(stderr, e)
				n++
			}
		}
	}
	if n > 0 {
		fmt.Fprintf(stderr, "sitegen: %d %s%s\n", n, plural(n, "error", "errors"), tail)
	}
	return n
}

// githubError is e as a GitHub Actions workflow command. Properties and
// message are escaped as the runner unescapes them: "%", CR and LF in
// both, and ":" and "," in properties too.
func githubError(e *content.Error) string {
	var props []string
	if e.Path != "" {
		props = append(props, "file="+escapeProperty(e.Path))
	}
	if e.Line > 0 {
		props = append(props, "line="+strconv.Itoa(e.Line))
	}
	if e.Column > 0 {
		props = append(props, "col="+strconv.Itoa(e.Column))
	}
	cmd := "::error"
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + escapeData(e.Message())
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
