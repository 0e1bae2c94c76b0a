// Package sitegen holds the built-in theme, embedded in the binary so that
// sitegen builds a folder that has only content/.
package sitegen

import "embed"

// Theme is the built-in theme: templates/ and static/.
//
//go:embed templates static
var Theme embed.FS
