package browsertest

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser to drive: $CHROMIUM, or chromium,
// chromium-browser or google-chrome on the PATH. Without one the test is
// skipped, or fails when the CI environment variable is set.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "no Chromium found (looked for $CHROMIUM, chromium, chromium-browser, google-chrome); install it with: apt-get install chromium")
	return ""
}

// Missing skips the test for want of why, or fails it in CI, where
// everything a test needs is installed.
func Missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// Start starts headless Chromium at path with a fresh profile and returns
// the context of its first tab; extra options (a window size, say) follow
// the usual ones. The browser stops when the test ends.
func Start(t testing.TB, path string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests often run as root, where Chromium's sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	t.Cleanup(cancelAlloc) // waits for Chromium to exit, before its profile is removed
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := FirstRun(ctx, cancel); err != nil {
		t.Fatalf("cannot start %s: %v", path, err)
	}
	return ctx
}

// FirstRun runs nothing on a new chromedp context, which starts its browser
// or opens its tab. That run must not have a timeout of its own, since its
// end would close the tab, so a timer cancels it instead.
func FirstRun(ctx context.Context, cancel context.CancelFunc) error {
	timer := time.AfterFunc(30*time.Second, cancel)
	defer timer.Stop()
	return chromedp.Do(ctx)
}

// A Tab is a browser tab with bounded waits, failing its test when a wait
// runs out.
type Tab struct {
	T   testing.TB
	Ctx context.Context
}

// Eval evaluates expr in the page, within 10 s, and returns its value as
// a string.
func (b *Tab) Eval(expr string) string {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.T.Fatalf("%s: %v", expr, err)
	}
	return v
}

// Navigate opens url, within 10 s.
func (b *Tab) Navigate(url string) {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		b.T.Fatalf("open %s: %v", url, err)
	}
}

// WaitJS polls expr in the page every 10 ms until it is true, for up to
// 10 s; what names it in the failure. Errors while the page reloads are
// expected and retried.
func (b *Tab) WaitJS(expr, what string) {
	b.T.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.Ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	text := b.Eval(`document.body ? document.body.innerText : ""`)
	b.T.Fatalf("the page never showed %s; it shows:\n%.800s", what, text)
}

// WaitText waits for the page's text to include s.
func (b *Tab) WaitText(s string) {
	b.T.Helper()
	b.WaitJS(HasText(s), strconv.Quote(s))
}

// HasText is the JavaScript condition that the page's text includes s.
func HasText(s string) string {
	return `!!document.body && document.body.innerText.includes(` + strconv.Quote(s) + `)`
}

// Arm starts watching the page for expr to become true: a
// MutationObserver checks it after every change of the document and, the
// first time it holds, notes the time right after the next animation
// frame, the frame that shows the change, was rendered. expr must be false
// when Arm is called.
// Shown then tells that time.
func (b *Tab) Arm(expr string) {
	b.T.Helper()
	b.Eval(`(function () {
  window.__sitegenShown = 0;
  var met = function () { try { return !!(` + expr + `); } catch (e) { return false; } };
  if (met()) { window.__sitegenShown = -1; return ""; }
  var seen = false;
  var check = function () {
    if (seen || !met()) return;
    seen = true;
    observer.disconnect();
    // The frame's callbacks run before it is laid out and painted; a
    // message posted from one is handled after.
    requestAnimationFrame(function () {
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { window.__sitegenShown = performance.timeOrigin + performance.now(); };
      ch.port2.postMessage(0);
    });
  };
  var observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  return "";
})()`)
}

// Shown waits, for up to 10 s, for expr (armed by Arm) to be true, and
// returns when the page first showed it, by the clock of this machine,
// and whether the observer saw it: false when it holds only after the
// page reloaded (the observer went with the old document), or when it
// held before Arm; then the time is when a poll saw it. what names the
// condition in the failure.
func (b *Tab) Shown(expr, what string) (time.Time, bool) {
	b.T.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var pending time.Time // when the condition held but its frame had not come
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.Ctx, time.Second)
		// 0: not yet; -1: it holds, with no observer's time; -2: it holds,
		// its frame has not come; else the frame's time.
		at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function () {
  var met = false;
  try { met = !!(`+expr+`); } catch (e) {}
  if (!met) return 0;
  if (window.__sitegenShown === undefined || window.__sitegenShown < 0) return -1;
  return window.__sitegenShown || -2;
})()`))
		cancel()
		switch {
		case err == nil && at > 0:
			return time.UnixMicro(int64(at * 1000)), true
		case err == nil && at == -1:
			return time.Now(), false
		case err == nil && at == -2 && pending.IsZero():
			pending = time.Now()
		case err == nil && at == -2 && time.Since(pending) > time.Second:
			return pending, false // no frame came: the tab is not rendering
		}
		time.Sleep(10 * time.Millisecond)
	}
	text := b.Eval(`document.body ? document.body.innerText : ""`)
	b.T.Fatalf("the page never showed %s; it shows:\n%.800s", what, text)
	return time.Time{}, false
}
