package content_test

import (
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/content"
)

// TestPageSize checks the home page's pageSize: a whole number of at least
// 1, its type errors on the value's line with what would be right.
func TestPageSize(t *testing.T) {
	tests := []struct {
		line string // the pageSize line of content/_index.md
		want int
		err  string
	}{
		{"", 0, ""},
		{"pageSize: 25", 25, ""},
		{"pageSize: 1", 1, ""},
		{`pageSize: "40"`, 40, ""}, // a quoted number is taken, as for weight
		{"pageSize: 0", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not the number 0`},
		{"pageSize: -3", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not the number -3`},
		{"pageSize: 1.5", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not the number 1.5`},
		{"pageSize: ten", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not the text "ten"`},
		{"pageSize: [10]", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not a list`},
		{"pageSize: 99999999999999999999", 0, `content/_index.md:3: "pageSize" must be a whole number of at least 1, like 100, not the number 99999999999999999999`},
		{"pagesize: 10", 0, `content/_index.md:3: unknown key "pagesize" in the home page (content/_index.md); did you mean "pageSize"?`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			fsys := fstest.MapFS{"content/_index.md": file("---\ntitle: Catalog\n" + tt.line + "\n---\n")}
			site, err := content.Load(fsys)
			if got := errText(err); got != tt.err {
				t.Fatalf("errors:\n%s\nwant:\n%s", got, tt.err)
			}
			if tt.err != "" {
				return
			}
			if got := site.Documents[0].Home.PageSize; got != tt.want {
				t.Errorf("PageSize = %d; want %d", got, tt.want)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
