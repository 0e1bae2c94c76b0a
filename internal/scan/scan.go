// Package scan reads vulnerability scanner reports: the JSON that
// `grype IMAGE -o json` and `trivy image -f json IMAGE` write. It detects
// the format and counts the matches by severity; it keeps nothing else.
//
// Detection:
//   - Grype: a top-level object with "matches" (a list) and "descriptor"
//     (an object with "name"). Each match's vulnerability.severity is
//     counted; descriptor.name and descriptor.version name the scanner,
//     descriptor.timestamp is the scan time, and the digest scanned is
//     source.target.manifestDigest, else the first of
//     source.target.repoDigests; source.target.userInput is the image.
//   - Trivy: a top-level object with "SchemaVersion" and "ArtifactName".
//     Each Results[].Vulnerabilities[].Severity is counted; the scanner is
//     "trivy", its version Trivy.Version (newer reports; else empty),
//     CreatedAt the scan time, the digest the first of
//     Metadata.RepoDigests, else Metadata.ImageID; ArtifactName the image.
//
// Severities are counted case-insensitively as critical, high, medium,
// low, and negligible; anything else (Trivy's UNKNOWN, Grype's Unknown,
// an empty severity) counts as unknown. A report larger than MaxSize, not
// JSON, of neither format, or with a field of the wrong JSON type is an
// error; a JSON syntax or type error names the report's line.
package scan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MaxSize is the largest report Parse reads: 64 MiB.
const MaxSize = 64 << 20

// Counts are the matches of a report by severity.
type Counts struct {
	Critical   int `json:"critical"`
	High       int `json:"high"`
	Medium     int `json:"medium"`
	Low        int `json:"low"`
	Negligible int `json:"negligible"`
	Unknown    int `json:"unknown"`
}

// Total is the number of all matches.
func (c Counts) Total() int {
	return c.Critical + c.High + c.Medium + c.Low + c.Negligible + c.Unknown
}

// Add returns the sum of c and o.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Critical + o.Critical, c.High + o.High, c.Medium + o.Medium,
		c.Low + o.Low, c.Negligible + o.Negligible, c.Unknown + o.Unknown}
}

func (c *Counts) add(severity string) {
	switch strings.ToLower(strings.TrimSpace(severity)) {
	case "critical":
		c.Critical++
	case "high":
		c.High++
	case "medium":
		c.Medium++
	case "low":
		c.Low++
	case "negligible":
		c.Negligible++
	default:
		c.Unknown++
	}
}

// Report is what a page shows of one scanner report.
type Report struct {
	Scanner string    // "grype" or "trivy"
	Version string    // the scanner's version; "" when the report does not say
	Date    time.Time // when the scan ran, in UTC; zero when the report does not say
	Image   string    // the image reference scanned, e.g. "nginx:latest"
	Digest  string    // the digest scanned; "" when the report does not say
	Counts  Counts
}

// An Error is a problem of a report; Line is the report's line, 0 when the
// problem is not at one place.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

type grype struct {
	Matches *[]struct {
		Vulnerability struct {
			Severity string `json:"severity"`
		} `json:"vulnerability"`
	} `json:"matches"`
	Source struct {
		Target json.RawMessage `json:"target"`
	} `json:"source"`
	Descriptor *struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		Timestamp string `json:"timestamp"`
	} `json:"descriptor"`
}

// grypeTarget is source.target of an image scan; other scans (a
// directory) have a string there.
type grypeTarget struct {
	UserInput      string   `json:"userInput"`
	ManifestDigest string   `json:"manifestDigest"`
	RepoDigests    []string `json:"repoDigests"`
}

type trivy struct {
	SchemaVersion *int    `json:"SchemaVersion"`
	ArtifactName  *string `json:"ArtifactName"`
	CreatedAt     string  `json:"CreatedAt"`
	Metadata      struct {
		ImageID     string   `json:"ImageID"`
		RepoDigests []string `json:"RepoDigests"`
	} `json:"Metadata"`
	Results []struct {
		Vulnerabilities []struct {
			Severity string `json:"Severity"`
		} `json:"Vulnerabilities"`
	} `json:"Results"`
	Trivy struct {
		Version string `json:"Version"`
	} `json:"Trivy"`
}

// Parse reads one report.
func Parse(data []byte) (*Report, error) {
	if len(data) > MaxSize {
		return nil, &Error{Msg: fmt.Sprintf("report is %d bytes; the largest report sitegen reads is %d MiB", len(data), MaxSize>>20)}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonError(data, err, "not a JSON object")
	}
	switch {
	case top["matches"] != nil && top["descriptor"] != nil:
		return parseGrype(data)
	case top["SchemaVersion"] != nil && top["ArtifactName"] != nil:
		return parseTrivy(data)
	}
	return nil, &Error{Msg: "neither a Grype report (\"matches\" and \"descriptor\") nor a Trivy report (\"SchemaVersion\" and \"ArtifactName\"); write it with grype IMAGE -o json or trivy image -f json IMAGE"}
}

func parseGrype(data []byte) (*Report, error) {
	var g grype
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, jsonError(data, err, "not a Grype report")
	}
	if g.Matches == nil || g.Descriptor == nil || g.Descriptor.Name == "" {
		return nil, &Error{Msg: "a Grype report needs a \"matches\" list and a \"descriptor\" with a \"name\""}
	}
	r := &Report{Scanner: g.Descriptor.Name, Version: g.Descriptor.Version}
	var t grypeTarget
	if len(g.Source.Target) > 0 && g.Source.Target[0] == '{' {
		if err := json.Unmarshal(g.Source.Target, &t); err != nil {
			return nil, jsonError(data, err, "not a Grype report")
		}
	}
	r.Image = t.UserInput
	r.Digest = t.ManifestDigest
	if r.Digest == "" && len(t.RepoDigests) > 0 {
		r.Digest = digestOf(t.RepoDigests[0])
	}
	for _, m := range *g.Matches {
		r.Counts.add(m.Vulnerability.Severity)
	}
	return dated(r, "descriptor.timestamp", g.Descriptor.Timestamp)
}

func parseTrivy(data []byte) (*Report, error) {
	var t trivy
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, jsonError(data, err, "not a Trivy report")
	}
	r := &Report{Scanner: "trivy", Version: t.Trivy.Version, Image: *t.ArtifactName}
	if len(t.Metadata.RepoDigests) > 0 {
		r.Digest = digestOf(t.Metadata.RepoDigests[0])
	} else {
		r.Digest = t.Metadata.ImageID
	}
	for _, res := range t.Results {
		for _, v := range res.Vulnerabilities {
			r.Counts.add(v.Severity)
		}
	}
	return dated(r, "CreatedAt", t.CreatedAt)
}

// digestOf takes the digest of a repo digest, "nginx@sha256:…".
func digestOf(ref string) string {
	if _, d, ok := strings.Cut(ref, "@"); ok {
		return d
	}
	return ref
}

// dated sets r's date from s, the value of key (none when s is empty).
func dated(r *Report, key, s string) (*Report, error) {
	if s == "" {
		return r, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("%s %q is not an RFC 3339 time like 2026-11-30T12:00:00Z", key, s)}
	}
	r.Date = t.UTC()
	return r, nil
}

// jsonError turns an encoding/json error into an Error at its line.
func jsonError(data []byte, err error, what string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Line: lineAt(data, syn.Offset), Msg: "not JSON: " + syn.Error()}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return &Error{Line: lineAt(data, typ.Offset), Msg: fmt.Sprintf("%s: a JSON %s where an object is needed", what, typ.Value)}
		}
		return &Error{Line: lineAt(data, typ.Offset), Msg: fmt.Sprintf("%s: %q is a JSON %s, not %s", what, field, typ.Value, jsonKind(typ.Type.Kind().String()))}
	}
	return &Error{Msg: "not JSON: " + err.Error()}
}

func jsonKind(k string) string {
	switch k {
	case "slice":
		return "a list"
	case "struct", "map":
		return "an object"
	case "int":
		return "a number"
	}
	return "a " + k
}

// lineAt is the line of the byte at offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
