package render

import (
	"slices"
	"strings"
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

// TestVerifyIdentity checks how the Verify section names the signer: a
// plain identity with --certificate-identity and each <placeholder> in
// it listed, or a regular expression with --certificate-identity-regexp.
func TestVerifyIdentity(t *testing.T) {
	img := &catalog.Image{Name: "go"}
	plain := &catalog.Signing{Issuer: "https://issuer.example", Identity: "https://github.com/<org>/<repo>/.github/workflows/release.yaml@refs/heads/main"}
	v := newVerify("cgr.dev/x", plain, nil, img)
	if v.Regexp || v.Identity != plain.Identity || !slices.Equal(v.Placeholders, []string{"<org>", "<repo>"}) {
		t.Errorf("plain identity: Regexp %v, Identity %q, Placeholders %q", v.Regexp, v.Identity, v.Placeholders)
	}
	if s := string(v.Signature); !strings.Contains(s, "--certificate-identity=&#39;https://github.com/&lt;org&gt;/") || strings.Contains(s, "regexp") {
		t.Errorf("plain identity: command %s", s)
	}
	re := &catalog.Signing{Issuer: "https://issuer.example", Identity: plain.Identity, IdentityRegexp: `^https://github\.com/acme/.*$`}
	v = newVerify("cgr.dev/x", re, nil, img)
	if !v.Regexp || v.Identity != re.IdentityRegexp || len(v.Placeholders) != 0 {
		t.Errorf("identity regexp: Regexp %v, Identity %q, Placeholders %q", v.Regexp, v.Identity, v.Placeholders)
	}
	if s := string(v.Signature); !strings.Contains(s, `--certificate-identity-regexp=&#39;^https://github\.com/acme/.*$&#39;`) {
		t.Errorf("identity regexp: command %s", s)
	}
}
