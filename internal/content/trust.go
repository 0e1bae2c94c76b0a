package content

import (
	"fmt"
	"regexp"
	"strings"
)

// Signing says how the images of one registry tier are signed: keyless
// cosign signatures whose certificate was issued by Issuer (an OIDC
// issuer, an https URL) to Identity, or to any identity that matches
// IdentityRegexp. Exactly one of Identity and IdentityRegexp is set.
type Signing struct {
	Issuer         string
	Identity       string
	IdentityRegexp string
	Line           int // the line of the key
}

// Patterns of the trust keys' values, in the syntax of both Go's regexp
// and ECMA-262, so that the JSON Schema checks what the decoder checks.
const (
	// platformPattern is os/arch[/variant], as OCI image indexes name
	// platforms: linux/amd64, linux/arm64/v8, linux/arm/v7.
	platformPattern = `^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$`
	// sizePattern is a number and a unit: 12.4 MB, 900 kB, 1 GiB.
	sizePattern = `^[0-9]+(\.[0-9]+)? ?(kB|MB|GB|KiB|MiB|GiB)$`
	// httpsPattern is an https URL without spaces.
	httpsPattern = `^https://[^\s/]+(/\S*)?$`
	// uriPattern is an absolute http or https URI without spaces.
	uriPattern = `^https?://[^\s/]+(/\S*)?$`
)

var (
	platformRE = regexp.MustCompile(platformPattern)
	sizeRE     = regexp.MustCompile(sizePattern)
	httpsRE    = regexp.MustCompile(httpsPattern)
	uriRE      = regexp.MustCompile(uriPattern)
)

// patternListField decodes a list of texts each of which must match re;
// item says what one is, want what the list is, hint how to write an
// item, and fix turns a wrong one into a suggestion (or "").
func patternListField(key, item, want, hint string, re *regexp.Regexp, fix func(string) string, dst *Strings) field {
	f := linedListField(key, false, item, want, dst)
	inner := f.decode
	f.decode = func(d *decoder, n *node) {
		before := len(dst.Values)
		inner(d, n)
		seen := map[string]bool{}
		for i := before; i < len(dst.Values); i++ {
			v, line := dst.Values[i], dst.Lines[i]
			switch {
			case !re.MatchString(v):
				msg := fmt.Sprintf("%q in %q is not %s", v, key, item)
				if s := fix(v); s != "" && s != v && re.MatchString(s) {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else {
					msg += "; " + hint
				}
				d.errorf(line, "%s", msg)
			case seen[v]:
				d.errorf(line, "%q is listed twice in %q; keep one", v, key)
			}
			seen[v] = true
		}
	}
	return f.matching(re.String())
}

// platformsField takes a list of os/arch[/variant] platforms.
func platformsField(dst *Strings) field {
	return patternListField("platforms", "a platform written os/arch or os/arch/variant",
		"a list of platforms, like [linux/amd64, linux/arm64]",
		"write platforms like linux/amd64 or linux/arm/v7", platformRE, fixPlatform, dst)
}

// fixPlatform guesses the platform a writer meant: "amd64" alone is
// linux/amd64, "Linux/AMD64" is lower-cased, "linux-arm64" and
// "linux_arm64" use a slash.
func fixPlatform(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.Contains(s, "/") {
		for _, sep := range []string{"-", "_", ":"} {
			if os, arch, ok := strings.Cut(s, sep); ok && (os == "linux" || os == "windows" || os == "darwin") {
				return os + "/" + arch
			}
		}
		return "linux/" + s
	}
	return s
}

// attestationsField takes a list of predicate type URIs.
func attestationsField(dst *Strings) field {
	return patternListField("attestations", "a predicate type URI",
		"a list of predicate type URIs, like [https://spdx.dev/Document, https://slsa.dev/provenance/v1]",
		"write predicate types as http(s) URIs, like https://spdx.dev/Document",
		uriRE, fixAttestation, dst)
}

// fixAttestation names the URI of a predicate type given by its short
// name, as cosign's --type flag takes it.
func fixAttestation(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "spdx", "spdxjson":
		return "https://spdx.dev/Document"
	case "slsaprovenance", "slsaprovenance1", "slsa", "provenance":
		return "https://slsa.dev/provenance/v1"
	case "cyclonedx":
		return "https://cyclonedx.org/bom"
	}
	return ""
}

// sizeField takes a number and a unit.
func sizeField(dst *string, line *int) field {
	want := "a number and a unit (kB, MB, GB, KiB, MiB or GiB), like \"12.4 MB\""
	return field{"size", false, want, func(d *decoder, n *node) {
		if n.kind != scalarNode || n.tag != "str" {
			d.wrongType(n, "size", want)
			return
		}
		v := strings.TrimSpace(n.value)
		if !sizeRE.MatchString(v) {
			msg := fmt.Sprintf("%q must be %s, not %s", "size", want, n.describe())
			if s := fixSize(v); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			d.errorf(n.line, "%s", msg)
			return
		}
		*dst, *line = v, n.line
	}, shape{kind: textShape, pattern: sizePattern}}
}

// fixSize repairs the case of a unit: "12 mb" is "12 MB", "3 kb" is
// "3 kB", "1 gib" is "1 GiB".
func fixSize(s string) string {
	num := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ")
	unit := strings.TrimSpace(s[len(num):])
	for _, u := range []string{"kB", "MB", "GB", "KiB", "MiB", "GiB"} {
		if strings.EqualFold(unit, u) {
			if s := strings.TrimSpace(num) + " " + u; sizeRE.MatchString(s) {
				return s
			}
		}
	}
	return ""
}

// signingFields are the keys of signing.public and signing.production.
func signingFields(s *Signing) []field {
	return []field{
		strField("issuer", true, &s.Issuer).matching(httpsPattern),
		strField("identity", false, &s.Identity),
		strField("identityRegexp", false, &s.IdentityRegexp),
	}
}

// signingField decodes one tier's signing: a mapping of an issuer and
// exactly one of identity and identityRegexp.
func signingField(key string, dst **Signing) field {
	f := mapField(key, "signing."+key, signingFields(new(Signing)))
	f.decode = func(d *decoder, n *node) {
		if n.kind != mapNode {
			d.wrongType(n, key, f.want)
			return
		}
		s := &Signing{Line: n.line}
		before := d.errs.Len()
		d.fields(n, signingFields(s), "signing."+key)
		s.Issuer = strings.TrimSpace(s.Issuer)
		switch {
		case s.Identity == "" && s.IdentityRegexp == "":
			d.errorf(n.line, "signing.%s needs \"identity\" (the exact certificate identity) or \"identityRegexp\" (a regular expression of it)", key)
		case s.Identity != "" && s.IdentityRegexp != "":
			d.errorf(keyLine(n, "identityRegexp"), "signing.%s has both \"identity\" and \"identityRegexp\"; keep one", key)
		}
		if s.Issuer != "" && !httpsRE.MatchString(s.Issuer) {
			d.errorf(keyLine(n, "issuer"), "\"issuer\" must be the OIDC issuer's https URL, like https://token.actions.githubusercontent.com, not %q", s.Issuer)
		}
		if s.IdentityRegexp != "" {
			if _, err := regexp.Compile(s.IdentityRegexp); err != nil {
				d.errorf(keyLine(n, "identityRegexp"), "\"identityRegexp\" is not a valid regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			}
		}
		if d.errs.Len() == before {
			*dst = s
		}
	}
	return f
}
