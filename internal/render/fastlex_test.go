package render

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/rogpeppe/go-internal/txtar"
)

// chromaTokens is what the Highlighter got from chroma before the fast
// tokenisers: the coalesced tokens of chroma's lexer for lang.
func chromaTokens(t testing.TB, lang, code string) []chroma.Token {
	toks, err := chroma.Tokenise(chroma.Coalesce(lexers.Get(lang)), nil, code)
	if err != nil {
		t.Fatal(err)
	}
	return toks
}

// sameAsChroma checks that, where the fast tokeniser for lang answers for
// code, it answers what chroma does; it reports whether it answered.
func sameAsChroma(t testing.TB, lang, code string) bool {
	t.Helper()
	fast, ok := fastTokens(lexers.Get(lang).Config().Name, code)
	if !ok {
		return false
	}
	if want := chromaTokens(t, lang, code); !slices.Equal(fast, want) {
		t.Fatalf("%s %q:\nfast:   %s\nchroma: %s", lang, code, showTokens(fast), showTokens(want))
	}
	return true
}

func showTokens(toks []chroma.Token) string {
	var b strings.Builder
	for _, tok := range toks {
		fmt.Fprintf(&b, "%s %q, ", tok.Type, tok.Value)
	}
	return b.String()
}

// codeBlocks returns the fenced code blocks of md whose language is one
// of langs.
func codeBlocks(md string, langs ...string) []string {
	var blocks []string
	var cur *strings.Builder
	for line := range strings.SplitAfterSeq(md, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```") && slices.Contains(langs, strings.TrimPrefix(trimmed, "```")):
			cur = new(strings.Builder)
		case cur != nil && trimmed == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
		}
	}
	return blocks
}

// siteBlocks returns the code blocks in langs of the bundled site, of the
// golden tests' and test sites' Markdown, and gencatalog's.
func siteBlocks(t testing.TB, langs ...string) []string {
	var blocks []string
	paths, _ := filepath.Glob("../../content/*/*.md")
	more, _ := filepath.Glob("../../content/*/*/*.md")
	for _, p := range append(paths, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, codeBlocks(string(src), langs...)...)
	}
	archives, _ := filepath.Glob("testdata/markdown/*.txtar")
	archives = append(archives, "../content/testdata/gencatalog.txtar", "../site/testdata/sites/small.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			blocks = append(blocks, codeBlocks(string(f.Data), langs...)...)
		}
	}
	for _, name := range []string{"go", "python-fips", "node_22"} {
		sh, dockerfile := gencatalogBlocks(name)
		if slices.Contains(langs, "sh") {
			blocks = append(blocks, sh)
		}
		if slices.Contains(langs, "dockerfile") {
			blocks = append(blocks, dockerfile)
		}
	}
	return blocks
}

// trickyShell is shell that takes chroma's Bash lexer down its less
// travelled rules.
var trickyShell = []string{
	"",
	"echo",
	"echo \"$HOME/x\" 'a b' $'tab\\there' \"plain\" $\"loc\"\n",
	"echo \"unclosed\n",
	"echo 'unclosed\nnext line\n",
	"x=$(date +%s) y+=1 z =2\nexport PATH=\"$PATH:/usr/local/bin\"\n",
	"echo ${HOME} ${#arr} ${x:-default} ${x:=y} ${a[1]} ${x/y/z}\n",
	"echo $((1 + 2 * 3)) $(( 16#ff )) $((2#1 ** 3)) $((a && b || c))\n",
	"echo `date` `echo \\`nested\\``\n",
	"cat <<EOF > /etc/x.conf\nkey=value $HOME\nEOF\n",
	"cat <<-'END'\n\tliteral $x\n\tEND\necho done\n",
	"cat <<EOF\nno end here\n",
	"cat <<< \"here string\"\n",
	"docker run \\\n  --rm \\\n  -v \"$PWD\":/src \\\n  image:tag # comment\n",
	"#!/bin/sh\nset -eu\n# a comment\nfor f in *.txt; do\n  echo \"$f\"\ndone\n",
	"if [ -f /x ]; then echo yes; elif true; then :; else false; fi\n",
	"while read -r line; do echo \"$line\"; done < file.txt\n",
	"case \"$1\" in\n  start) run ;;\n  *) exit 1 ;;\nesac\n",
	"function f() { local x=1; return $x; }\n",
	"a && b || c | d & e; f\n",
	"echo $1 $# $$ $? $! $_ $* $@ $- $ end\n",
	"done doner do_ fi; fifo\n",
	"echo 123 45x 6\n7\n",
	"echo \"a\\\"b\\\\c\\$d\" \"\\101\\7\"\n",
	"echo \\\n",
	"echo \"trailing \\",
	"echo $'a\\'b' $'unclosed\n",
	"$(echo \"$(echo 'deep')\")\n",
	"VAR=1 cmd >out 2>&1 <in\n",
	"echo {a,b}{1..3} [x] =y\n",
	"time ls; times; type -a ls; typeset x; readonly y\n",
	"echo)\necho`\n",
	"kubectl get pods -n kube-system -o jsonpath='{.items[*].metadata.name}'\n",
	"curl -fsSL https://example.org/install.sh | sh -s -- --yes\n",
	"helm install my-release oci://cgr.dev/chainguard/charts/x --set image.tag=1.2.3\n",
	"cat <<\\EOF\n$x\nEOF\n",                        // a here-document word after a backslash
	"echo $((x - 1)) $((-2)) $((16# 1)) $((8#7))\n", // a minus in arithmetic; a base with no digits after it
	"echo $((2#", // a base at the end of the text
	"echo $",     // a dollar at the end of the text
	"Z=1 x9=2; echo 9 19 fiZ $9 $((9)) ${Z9} $z $Z\n", // Z and 9, the last of their ranges, in words and numbers
}

// trickyDockerfiles take chroma's Docker lexer down its rules, and their
// words in odd places and cases.
var trickyDockerfiles = []string{
	"",
	"FROM",
	"FROM golang:1.22 AS build\nFROM scratch as final\nfrom alpine\n",
	"FROM --platform=$BUILDPLATFORM golang AS b\n",
	"FROM ./\nFROM image/\nWORKDIR /app/\nUSER 65532:65532\nEXPOSE 8080/tcp 443\n",
	"ENV A=b C=d\nENV OLD style value\nARG VERSION=1\nLABEL org.opencontainers.image.source=\"x\"\n",
	"ENV A=b \\\n    C=d\n",
	"RUN apk add --no-cache \\\n      curl \\\n      git\n\nRUN echo \\\n\nCMD x\n",
	"RUN set -eux; \\\n    if [ \"$TARGETARCH\" = amd64 ]; then echo x; fi\n",
	"CMD [\"--help\"]\nENTRYPOINT [\"/bin/sh\", \"-c\"]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nVOLUME [\"/data\"]\nVOLUME /data\n",
	"CMD echo hi\nENTRYPOINT exec app\nCMD [\"a\\\"b\", \"c\\\\\"]\n",
	"HEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\n",
	"ONBUILD RUN make\nONBUILD\n",
	"# syntax=docker/dockerfile:1\n# comment\nCOPY --chown=app:app . /app\nADD https://example.org/x.tgz /tmp/\n",
	"STOPSIGNAL SIGTERM\nMAINTAINER someone\nUSER\tnonroot\n",
	"RUNNER x\naddress\ncopy a b\nrun echo\nfromage\n",
	"RUN <<EOF\napt-get update\nEOF\n",
	"COPY <<-EOT /x\n  hi\nEOT\n",
	"RUN cat <<'EOF' > /etc/x\n$HOME\nEOF\n",
	"WORKDIR\n/app\nFROM a\nas b\n",
	"\n\n\nFROM a\n\n",
	"   FROM a\n\tRUN b\n",
	"FROM a\nRUN",                     // an instruction word at the very end
	"ENV A= FROM x\nLABEL B= ADD y\n", // a setting with no value is no setting: the rest of the line is Bash
	"apk add \\\n\nRUN x\n",           // a continued line first in the file, then an empty one
}

// trickySessions are console sessions: prompts of each kind, output,
// empty lines, and a last line without its newline.
var trickySessions = []string{
	"",
	"$",
	"$ docker run --rm cgr.dev/chainguard/go version\ngo version go1.22 linux/amd64\n",
	"$ echo hi\nhi\n\n# id -u\n0\n% ls\n> more\n",
	"[root@host]# apk add curl\n[user@host ~]$ ls -la\n[x@y] $ cd\n[@]$ no\n[a@]$ no\n[a@b]\n$ split\n",
	"[not a prompt\n$ x\n",
	"$    \n\n  spaced output\n$ cat <<EOF\nheredoc\nEOF\n",
	"$ echo \"unclosed\nnext\n$ last line without newline",
	"output only",
	"[u@h]",                    // a [user@host] at the end, with no prompt after it
	"[u@h] ",                   // and a space
	"[ab@]$ no\n[ab@c]$ yes\n", // the @ last in the brackets, and not
}

func TestFastTokensMatchChroma(t *testing.T) {
	for _, code := range append(siteBlocks(t, "sh", "bash", "shell"), trickyShell...) {
		sameAsChroma(t, "sh", code)
	}
	for _, code := range append(siteBlocks(t, "dockerfile"), trickyDockerfiles...) {
		sameAsChroma(t, "dockerfile", code)
	}
	for _, code := range append(siteBlocks(t, "console"), trickySessions...) {
		sameAsChroma(t, "console", code)
	}
}

// TestFastTokensAnswer checks that the fast tokenisers take the code of
// the bundled site, of the test sites and of gencatalog's catalogs, so
// that a build of them hardly asks chroma's lexers, and the common shapes
// of tricky shell.
func TestFastTokensAnswer(t *testing.T) {
	for lang, blocks := range map[string][]string{
		"sh":         siteBlocks(t, "sh", "bash", "shell"),
		"dockerfile": siteBlocks(t, "dockerfile"),
	} {
		if len(blocks) < 10 {
			t.Errorf("%s: only %d blocks found", lang, len(blocks))
		}
		for _, code := range blocks {
			if !sameAsChroma(t, lang, code) {
				t.Errorf("%s: the fast tokeniser declines %q", lang, code)
			}
		}
	}
	for _, code := range trickyShell {
		if !sameAsChroma(t, "bash", code) {
			t.Errorf("the fast tokeniser declines %q", code)
		}
	}
	for _, code := range trickySessions {
		if !sameAsChroma(t, "console", code) {
			t.Errorf("the fast tokeniser declines %q", code)
		}
	}
	for _, code := range trickyDockerfiles {
		if !sameAsChroma(t, "dockerfile", code) {
			t.Errorf("the fast tokeniser declines %q", code)
		}
	}
}

// TestFastTokensDecline checks the code the fast tokenisers leave to
// chroma.
func TestFastTokensDecline(t *testing.T) {
	for _, c := range []struct{ lang, code string }{
		{"sh", "echo héllo\n"},
		{"sh", "echo \x80\n"}, // chroma reads the lone byte as U+FFFD
		{"sh", "echo a\r\n"},
		{"sh", "echo\f\n"},
		{"sh", strings.Repeat("echo hello\n", maxFastCode/11+1)},
		{"sh", "echo \"" + strings.Repeat("\\\\", bashAmbiguous+1) + "$x\"\n"},
		{"sh", "echo \"" + strings.Repeat("\\0\\7", bashAmbiguous/2+1) + "$x\"\n"}, // \0 and \7, the ends of the octal digits
		{"dockerfile", "CMD [\"a\", 1]\n"},
		{"dockerfile", "CMD [[\"a\"]]\n"},
		{"dockerfile", "CMD [\"unclosed]\n"},
		{"dockerfile", "RUN echo \"" + strings.Repeat("\\1", bashAmbiguous+1) + "$x\"\n"},
		{"python", "print(1)\n"},
	} {
		if sameAsChroma(t, c.lang, c.code) {
			t.Errorf("%s %q: the fast tokeniser answers", c.lang, c.code)
		}
	}
	if !sameAsChroma(t, "sh", "echo \""+strings.Repeat("\\\\", bashAmbiguous)+"$x\"\n") {
		t.Errorf("the fast tokeniser declines a string with %d escapes", bashAmbiguous)
	}
}

// FuzzFastBash checks that the Bash tokeniser's every answer is chroma's.
// The seeds are the shell blocks of the bundled site, the golden tests and
// gencatalog, and trickyShell; testdata/fuzz/FuzzFastBash holds what the
// fuzzer found.
func FuzzFastBash(f *testing.F) {
	for _, code := range append(siteBlocks(f, "sh", "bash", "shell"), trickyShell...) {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		sameAsChroma(t, "bash", code)
	})
}

// FuzzFastDocker checks that the Docker tokeniser's every answer is
// chroma's, seeded as FuzzFastBash is.
func FuzzFastDocker(f *testing.F) {
	for _, code := range append(siteBlocks(f, "dockerfile"), trickyDockerfiles...) {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		sameAsChroma(t, "dockerfile", code)
	})
}

// FuzzFastSession checks that the Bash Session tokeniser's every answer
// is chroma's, seeded with trickySessions and the shell blocks as typed
// at a prompt.
func FuzzFastSession(f *testing.F) {
	for _, code := range append(siteBlocks(f, "console"), trickySessions...) {
		f.Add(code)
	}
	for _, code := range siteBlocks(f, "sh") {
		f.Add("$ " + code + "output\n")
	}
	f.Fuzz(func(t *testing.T, code string) {
		sameAsChroma(t, "console", code)
	})
}
