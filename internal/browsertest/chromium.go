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
	b.WaitJS(`!!document.body && document.body.innerText.includes(`+strconv.Quote(s)+`)`, strconv.Quote(s))
}
