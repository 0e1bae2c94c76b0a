// Package browsertest drives Chromium for tests, and is the one package
// that imports chromedp: Chromium finds the browser, Start starts it, and a
// Tab evaluates, navigates and waits with bounded waits (the dev server's
// live-reload tests in cmd/sitegen use them). Its own tests open the
// built-in theme: axe-core accessibility checks in light and dark color
// schemes, and layout checks at a phone's width (a11y_test.go).
//
// The tests need Chromium (Debian's chromium package) and axe-core
// (npm ci at the repository root installs it into node_modules/). Without
// them the tests skip, unless the CI environment variable is set, when
// they fail.
package browsertest
