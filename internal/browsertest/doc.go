// Package browsertest holds the tests that open the built-in theme in a real
// browser: axe-core accessibility checks in light and dark color schemes,
// and layout checks at a phone's width. It has no code of its own; see
// a11y_test.go.
//
// The tests need Chromium (Debian's chromium package) and axe-core
// (npm ci at the repository root installs it into node_modules/). Without
// them the tests skip, unless the CI environment variable is set, when
// they fail.
package browsertest
