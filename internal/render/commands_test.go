package render

import (
	"testing"

	"github.com/sitegen/sitegen/internal/catalog"
)

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"https://token.actions.githubusercontent.com":           "https://token.actions.githubusercontent.com",
		"https://github.com/o/r/.github/w.yaml@refs/heads/main": "https://github.com/o/r/.github/w.yaml@refs/heads/main",
		"linux/arm/v7":            "linux/arm/v7",
		"https://x.dev/(<a>|<b>)": "'https://x.dev/(<a>|<b>)'",
		"^https://x.dev/.*$":      "'^https://x.dev/.*$'",
		"it's":                    `'it'\''s'`,
		"a b":                     "'a b'",
		"$(rm -rf /)":             "'$(rm -rf /)'",
		"":                        "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestImageRefEscapes checks that a registry prefix, a site setting that
// sitegen does not check, is text in the HTML, never markup.
func TestImageRefEscapes(t *testing.T) {
	img := &catalog.Image{Name: "go"}
	got := string(imageRef(`<img src=x onerror="alert(1)">`, img, "latest"))
	want := `<span class="reg" data-tier="production" data-registry="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</span>/go:latest`
	if got != want {
		t.Errorf("imageRef:\n got %s\nwant %s", got, want)
	}
}

func TestNoSigningNoVerify(t *testing.T) {
	img := &catalog.Image{Name: "go", Platforms: []string{"linux/amd64"}}
	if v := newVerify("cgr.dev/x", nil, []string{SPDXPredicate}, img); v != nil {
		t.Errorf("newVerify without signing = %+v, want nil", v)
	}
}
