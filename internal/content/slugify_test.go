package content

import "testing"

// TestSlugify checks the names suggested for a bad slug or image name:
// the first and last letters and digits kept, every other run one "-",
// and no "-" or kept byte at either end.
func TestSlugify(t *testing.T) {
	for _, tt := range []struct{ s, keep, want string }{
		{"Zoo 09", "", "zoo-09"},
		{"a Z 0 9", "", "a-z-0-9"},
		{"_Go.1", "._", "go.1"},
		{"--Web Servers!", "", "web-servers"},
		{"éa", "", "a"},
	} {
		if got := slugify(tt.s, tt.keep); got != tt.want {
			t.Errorf("slugify(%q, %q) = %q, want %q", tt.s, tt.keep, got, tt.want)
		}
	}
}
