package server

import (
	"bytes"
	"html/template"
	"io/fs"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
)

// around is how many source lines are shown on each side of a problem.
const around = 3

// maxQuoted is how many problems get their source lines quoted; the rest
// are listed without.
const maxQuoted = 50

type problemView struct {
	Where string // "path:line" or "path"
	Msg   string
	Lines []lineView
}

type lineView struct {
	N    int
	Text string
	Bad  bool
}

// errorPage renders the page listing problems, quoting the lines around
// each from src.
func errorPage(problems []*content.Error, src fs.FS) []byte {
	views := make([]problemView, len(problems))
	cache := map[string][]string{}
	for i, p := range problems {
		v := problemView{Where: p.Path, Msg: p.Message()}
		if p.Line > 0 {
			v.Where += ":" + strconv.Itoa(p.Line)
		}
		if v.Where == "" {
			v.Where = "site"
		}
		if i < maxQuoted {
			v.Lines = quote(src, p, cache)
		}
		views[i] = v
	}
	var b bytes.Buffer
	if err := errorTemplate.Execute(&b, views); err != nil {
		// The template is fixed; this cannot happen with the views above.
		return []byte("<!doctype html><html><head><title>Build failed</title></head><body><pre>" +
			template.HTMLEscapeString(errorKey(problems)) + "</pre></body></html>")
	}
	return b.Bytes()
}

// quote returns the lines around p's line, read from src.
func quote(src fs.FS, p *content.Error, cache map[string][]string) []lineView {
	if src == nil || p.Line <= 0 || !fs.ValidPath(p.Path) {
		return nil
	}
	lines, ok := cache[p.Path]
	if !ok {
		data, err := fs.ReadFile(src, p.Path)
		if err == nil {
			lines = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		}
		cache[p.Path] = lines
	}
	if p.Line > len(lines) {
		return nil
	}
	var out []lineView
	for n := max(1, p.Line-around); n <= min(len(lines), p.Line+around); n++ {
		out = append(out, lineView{N: n, Text: lines[n-1], Bad: n == p.Line})
	}
	return out
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Build failed · sitegen</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:CanvasText;background:Canvas}
main{max-width:60rem;margin:0 auto}
h1{margin:0 0 .25rem;font-size:1.5rem;color:#c0262d}
section{margin:1.5rem 0;border:1px solid #c0262d55;border-radius:.5rem;overflow:hidden}
h2{margin:0;padding:.5rem .75rem;font-size:1rem;font-weight:600;background:#c0262d14}
h2 code{font:600 .95em ui-monospace,monospace}
pre{margin:0;padding:.5rem 0;overflow-x:auto;font:.875rem/1.5 ui-monospace,monospace}
.line{display:block;padding:0 .75rem;white-space:pre}
.line .n{display:inline-block;min-width:3em;margin-right:1em;text-align:right;opacity:.6;user-select:none}
.bad{background:#c0262d26;font-weight:600}
.bad .n::before{content:"→ "}
</style>
</head>
<body>
<main>
<h1>The site does not build</h1>
<p>{{len .}} {{if eq (len .) 1}}problem{{else}}problems{{end}}. Fix {{if eq (len .) 1}}it{{else}}them{{end}} and save: this page comes back by itself.</p>
{{range .}}<section>
<h2><code>{{.Where}}</code>: {{.Msg}}</h2>
{{with .Lines}}<pre>{{range .}}<span class="line{{if .Bad}} bad{{end}}"><span class="n">{{.N}}</span>{{.Text}}</span>{{end}}</pre>{{end}}
</section>
{{end}}</main>
</body>
</html>
`))
