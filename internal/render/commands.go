package render

import (
	"html/template"
	"regexp"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/catalog"
)

// Commands on the pages name an image by reference, registry/name:tag.
// The registry prefix is wrapped in
//
//	<span class="reg" data-tier="free|production" data-registry="PREFIX">PREFIX</span>
//
// so that the theme's script can put the reader's own registry there (an
// organization for the placeholder of the production registry, or a
// mirror for every image) and put PREFIX back when the reader clears it.
// The text of the HTML, what a copy button copies and what a reader sees
// without the script, is the command as it is.

// SPDXPredicate is the predicate type of an SPDX SBOM attestation, the
// one `cosign download attestation` fetches for the SBOM commands.
const SPDXPredicate = "https://spdx.dev/Document"

// imageRef returns the HTML of the image's reference for tag, its
// registry prefix marked up for the script.
func imageRef(registry string, img *catalog.Image, tag string) template.HTML {
	tier := "production"
	if img.Free() {
		tier = "free"
	}
	reg := template.HTMLEscapeString(registry)
	return template.HTML(`<span class="reg" data-tier="` + tier + `" data-registry="` + reg + `">` + reg + `</span>` +
		template.HTMLEscapeString("/"+img.Name+":"+tag))
}

// Verify is what the Verify section of an image's page shows: the
// commands that check its signature, download its SBOM for each platform
// and check each attestation, with the reference filled in.
type Verify struct {
	Signature    template.HTML // cosign verify
	SBOMs        []SBOM        // one per platform, when the image carries an SPDX SBOM
	Attestations []Attestation // cosign verify-attestation, one per predicate type
	Issuer       string
	Identity     string   // the identity, or its regular expression when Regexp
	Regexp       bool     // Identity is a regular expression
	Placeholders []string // <words> in angle brackets in the identity, to be replaced
}

// SBOM is the command that downloads the SBOM of one platform.
type SBOM struct {
	Platform string
	Command  template.HTML
}

// Attestation is the command that verifies one attestation.
type Attestation struct {
	Type    string
	Command template.HTML
}

// newVerify returns the Verify section of img, or nil when the site does
// not say how images of img's registry tier are signed: the page then
// shows no command that cannot work.
func newVerify(registry string, signing *catalog.Signing, attestations []string, img *catalog.Image) *Verify {
	if signing == nil {
		return nil
	}
	ref := imageRef(registry, img, "latest")
	v := &Verify{Issuer: signing.Issuer, Identity: signing.Identity}
	identity := "--certificate-identity=" + shellQuote(signing.Identity)
	if signing.IdentityRegexp != "" {
		v.Identity, v.Regexp = signing.IdentityRegexp, true
		identity = "--certificate-identity-regexp=" + shellQuote(signing.IdentityRegexp)
	}
	v.Placeholders = placeholderRE.FindAllString(v.Identity, -1)
	issuer := "--certificate-oidc-issuer=" + shellQuote(signing.Issuer)
	v.Signature = command([]string{"cosign verify", issuer, identity}, ref, "")
	if slices.Contains(attestations, SPDXPredicate) {
		for _, p := range img.Platforms {
			v.SBOMs = append(v.SBOMs, SBOM{p, command([]string{
				"cosign download attestation",
				"--predicate-type=" + shellQuote(SPDXPredicate),
				"--platform=" + shellQuote(p),
			}, ref, " | jq -r .payload | base64 -d | jq .predicate")})
		}
	}
	for _, t := range attestations {
		v.Attestations = append(v.Attestations, Attestation{t, command([]string{
			"cosign verify-attestation", "--type=" + shellQuote(t), issuer, identity,
		}, ref, "")})
	}
	return v
}

var placeholderRE = regexp.MustCompile(`<[A-Za-z0-9_-]+>`)

// command writes a shell command over several lines, one argument a line
// after the first, then the reference and what follows it: lines short
// enough for a phone, each a whole word, and one command when pasted.
func command(args []string, ref template.HTML, tail string) template.HTML {
	var b strings.Builder
	for _, a := range args {
		b.WriteString(template.HTMLEscapeString(a))
		b.WriteString(" \\\n  ")
	}
	b.WriteString(string(ref))
	b.WriteString(template.HTMLEscapeString(tail))
	return template.HTML(b.String())
}

// shellQuote returns s as one word of a POSIX shell: as it is when it has
// only characters no shell treats specially, else in single quotes.
func shellQuote(s string) string {
	if s != "" && safeWordRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var safeWordRE = regexp.MustCompile(`^[A-Za-z0-9@%+=:,./_-]+$`)
