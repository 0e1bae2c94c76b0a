package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The image references of the open page, as their spans show them:
// production ones, free ones, and the text of the first pull command.
const (
	productionRefs = `[...document.querySelectorAll(".reg[data-tier=production]")].map(s => s.textContent)`
	freeRefs       = `[...document.querySelectorAll(".reg[data-tier=free]")].map(s => s.textContent)`
	firstPull      = `document.querySelector(".pull pre").innerText`
)

// testYourRegistry types an organization and a mirror into the "Your
// registry" control and checks that every command follows, the copy
// button copies what is shown, another page and a reload remember it,
// Clear forgets it, and hostile input is refused and never becomes HTML.
func testYourRegistry(t *testing.T, s *session) {
	b := s.newTab(t)
	b.open(t, "/images/postgres/")
	if hidden := run(t, b, chromedp.Evaluate[bool](`document.querySelector("[data-your-registry]").hidden`)); hidden {
		t.Fatal("the Your registry control is still hidden with JavaScript on")
	}
	refs := run(t, b, chromedp.Evaluate[[]string](productionRefs))
	// The pull command, the Verify section's commands, and the body's
	// code block, which the script marks.
	if len(refs) < 6 {
		t.Fatalf("%d production references on the page, want the pull, verify, SBOM, attestation and body ones", len(refs))
	}
	for _, r := range refs {
		if r != "cgr.dev/ORGANIZATION" {
			t.Fatalf("before any choice a reference shows %q, want cgr.dev/ORGANIZATION", r)
		}
	}

	submit := func(value string) string {
		return run(t, b, chromedp.Evaluate[string](`(() => {
			const f = document.querySelector("[data-your-registry]");
			f.querySelector("input").value = `+jsString(value)+`;
			f.requestSubmit();
			return f.querySelector("[data-your-registry-status]").textContent;
		})()`))
	}

	// An organization takes the place of ORGANIZATION; free images keep theirs.
	submit("my-org")
	for _, r := range run(t, b, chromedp.Evaluate[[]string](productionRefs)) {
		if r != "cgr.dev/my-org" {
			t.Errorf("after typing my-org a production reference shows %q", r)
		}
	}
	if got := run(t, b, chromedp.Evaluate[string](firstPull)); got != "docker pull cgr.dev/my-org/postgres:latest" {
		t.Errorf("the pull command reads %q", got)
	}
	body := run(t, b, chromedp.Evaluate[string](`document.querySelector(".prose pre").innerText`))
	if !strings.Contains(body, "cgr.dev/my-org/postgres:latest") {
		t.Errorf("the body's code block does not follow: %q", body)
	}
	// The copy button copies the command as shown.
	copied := run(t, b, chromedp.Evaluate[string](`new Promise(resolve => {
		navigator.clipboard.writeText = text => { resolve(text); return Promise.resolve(); };
		document.querySelector(".pull .copy-button").click();
	})`, chromedp.EvalAwaitPromise))
	if copied != "docker pull cgr.dev/my-org/postgres:latest" {
		t.Errorf("the copy button copied %q", copied)
	}

	// A reload remembers it.
	b.open(t, "/images/postgres/")
	if got := run(t, b, chromedp.Evaluate[string](firstPull)); got != "docker pull cgr.dev/my-org/postgres:latest" {
		t.Errorf("after a reload the pull command reads %q", got)
	}
	if v := run(t, b, chromedp.Evaluate[string](`document.querySelector("[data-your-registry] input").value`)); v != "my-org" {
		t.Errorf("after a reload the box holds %q, want my-org", v)
	}

	// A mirror prefix replaces every registry, on every page.
	submit("registry.example.com/mirror")
	for _, r := range append(run(t, b, chromedp.Evaluate[[]string](productionRefs)), run(t, b, chromedp.Evaluate[[]string](freeRefs))...) {
		if r != "registry.example.com/mirror" {
			t.Errorf("after typing a mirror a reference shows %q", r)
		}
	}
	b.open(t, "/")
	if got := run(t, b, chromedp.Evaluate[string](firstPull)); !strings.HasPrefix(got, "docker pull registry.example.com/mirror/") {
		t.Errorf("on the home page the pull command reads %q", got)
	}

	// Hostile input is refused: nothing stored, nothing changed, no markup.
	b.open(t, "/images/postgres/")
	for _, bad := range []string{`<img src=x onerror="window.pwned=1">`, "my org", "a;rm -rf /", "Évil", "../..", strings.Repeat("a", 300)} {
		status := submit(bad)
		if !strings.HasPrefix(status, "Not a registry path") {
			t.Errorf("%q: the control says %q, want it refused", bad, status)
		}
		stored := run(t, b, chromedp.Evaluate[string](`localStorage.getItem("sitegen.registry") || ""`))
		if stored != "registry.example.com/mirror" {
			t.Errorf("%q: localStorage holds %q", bad, stored)
		}
		if got := run(t, b, chromedp.Evaluate[string](firstPull)); got != "docker pull registry.example.com/mirror/postgres:latest" {
			t.Errorf("%q: the pull command reads %q", bad, got)
		}
	}
	if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("img[src=x]").length + (window.pwned ? 100 : 0)`)); n != 0 {
		t.Errorf("hostile input became markup (%d)", n)
	}
	// What is stored is checked again when read: a planted value is ignored.
	run(t, b, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("sitegen.registry", '<img src=x onerror="window.pwned=1">')`))
	b.open(t, "/images/postgres/")
	if got := run(t, b, chromedp.Evaluate[string](firstPull)); got != "docker pull cgr.dev/ORGANIZATION/postgres:latest" {
		t.Errorf("with a planted value the pull command reads %q", got)
	}
	if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("img[src=x]").length + (window.pwned ? 100 : 0)`)); n != 0 {
		t.Errorf("a planted value became markup (%d)", n)
	}

	// Clear restores the catalog's registries and forgets the choice.
	submit("my-org")
	run(t, b, chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-your-registry-clear]").click()`))
	for _, r := range run(t, b, chromedp.Evaluate[[]string](productionRefs)) {
		if r != "cgr.dev/ORGANIZATION" {
			t.Errorf("after Clear a reference shows %q", r)
		}
	}
	if stored := run(t, b, chromedp.Evaluate[bool](`localStorage.getItem("sitegen.registry") === null`)); !stored {
		t.Error("Clear left the choice in localStorage")
	}
	b.checkErrors(t, "/images/postgres/")
}

// testPhoneCommands opens pages with commands at a phone's width (390 px)
// and checks that no command breaks inside a word and that no copy button
// covers a command's text. The theme scrolls commands sideways, so the
// check is stricter than that: each line of a command's text is one line
// on the screen.
func testPhoneCommands(t *testing.T, s *session) {
	b := s.newTab(t)
	b.do(t, chromedp.EmulateViewport(390, 900, chromedp.EmulateMobile))
	for _, p := range []string{"/", "/images/python/", "/images/postgres/", "/guides/migrating/"} {
		t.Run(pageName(p), func(t *testing.T) {
			b.open(t, p)
			if bad := run(t, b, chromedp.Evaluate[[]string](commandProblems)); len(bad) > 0 {
				t.Errorf("%s at 390 px:\n  %s", p, strings.Join(bad, "\n  "))
			}
		})
	}
}

// commandProblems lists, for every code block and command of the page,
// text lines the browser broke in two and copy buttons over the text.
const commandProblems = `(() => {
	const out = [];
	for (const pre of document.querySelectorAll(".pull pre, .highlight pre")) {
		// The boxes of the text itself, each text node's, not its elements'.
		const rects = [];
		const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const range = document.createRange();
			range.selectNodeContents(walker.currentNode);
			for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
		}
		// Lines are told apart by their tops, a few pixels either way.
		const tops = [];
		for (const r of rects) if (!tops.some(top => Math.abs(top - r.top) < 4)) tops.push(r.top);
		const lines = pre.innerText.replace(/\n$/, "").split("\n").length;
		const name = pre.innerText.slice(0, 40);
		if (tops.length > lines) out.push("broken inside a word: " + JSON.stringify(name) + " has " + lines + " lines shown on " + tops.length);
		const button = pre.parentElement.querySelector(".copy-button") || pre.closest(".highlight, .pull")?.querySelector(".copy-button");
		if (!button) continue;
		const b = button.getBoundingClientRect();
		const box = pre.getBoundingClientRect();
		for (const r of rects) {
			// Only text inside the visible box counts; the rest is scrolled away.
			const left = Math.max(r.left, box.left), right = Math.min(r.right, box.right);
			if (right <= left) continue;
			if (left < b.right && right > b.left && r.top < b.bottom && r.bottom > b.top) {
				out.push("copy button over the text of " + JSON.stringify(name));
				break;
			}
		}
	}
	return out;
})()`

// jsString quotes s for JavaScript source.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "<", `\x3c`)
	return `"` + r.Replace(s) + `"`
}
