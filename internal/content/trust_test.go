package content

import "testing"

// TestFixPlatform: the platform suggested for one written another way. An
// OS is taken from before a "-", "_" or ":" only when it is one of the
// three that images are built for; anything else is an architecture of
// linux, kept whole.
func TestFixPlatform(t *testing.T) {
	for in, want := range map[string]string{
		"amd64":         "linux/amd64",
		" Linux/AMD64 ": "linux/amd64",
		"linux-arm64":   "linux/arm64",
		"linux_arm64":   "linux/arm64",
		"windows-amd64": "windows/amd64",
		"Windows_AMD64": "windows/amd64",
		"darwin:arm64":  "darwin/arm64",
		"darwin-arm64":  "darwin/arm64",
		"x86-64":        "linux/x86-64",
		"arm_v7":        "linux/arm_v7",
		"win:amd64":     "linux/win:amd64",
	} {
		if got := fixPlatform(in); got != want {
			t.Errorf("fixPlatform(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSigningDecoded: a tier's signing that is right is kept, issuer
// trimmed, with the line its mapping starts on; one with a problem is not.
func TestSigningDecoded(t *testing.T) {
	doc, err := Parse("content/_index.md", []byte("---\ntitle: Catalog\nsigning:\n"+
		"  public:\n    issuer: \" https://token.actions.githubusercontent.com \"\n"+
		"    identity: https://github.com/org/repo/.github/workflows/release.yaml@refs/heads/main\n"+
		"  production:\n    issuer: https://issuer.enforce.dev\n    identityRegexp: ^https://issuer\\.enforce\\.dev/.*$\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Signing{Issuer: "https://token.actions.githubusercontent.com",
		Identity: "https://github.com/org/repo/.github/workflows/release.yaml@refs/heads/main", Line: 5}
	if got := doc.Home.Signing.Public; got == nil || *got != want {
		t.Errorf("signing.public = %+v, want %+v", got, want)
	}
	want = Signing{Issuer: "https://issuer.enforce.dev", IdentityRegexp: `^https://issuer\.enforce\.dev/.*$`, Line: 8}
	if got := doc.Home.Signing.Production; got == nil || *got != want {
		t.Errorf("signing.production = %+v, want %+v", got, want)
	}
	doc, err = Parse("content/_index.md", []byte("---\ntitle: Catalog\nsigning:\n  public:\n    issuer: https://example.org\n---\n"))
	if err == nil || doc != nil && doc.Home.Signing.Public != nil {
		t.Errorf("a signing without an identity: %v, %+v; want an error and no signing", err, doc)
	}
}
