package scan

import (
	"strings"
	"testing"
	"time"
)

// Test data in each scanner's published JSON shape; the image names and
// digests are made up.
const grypeReport = `{
  "matches": [
    {"vulnerability": {"id": "CVE-0000-0001", "severity": "Critical"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0002", "severity": "High"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0003", "severity": "High"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0004", "severity": "Medium"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0005", "severity": "Low"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0006", "severity": "Negligible"}, "artifact": {"name": "libexample", "version": "1.0"}},
    {"vulnerability": {"id": "CVE-0000-0007", "severity": "Unknown"}, "artifact": {"name": "libexample", "version": "1.0"}}
  ],
  "source": {
    "type": "image",
    "target": {
      "userInput": "example.test/upstream/web:latest",
      "imageID": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
      "manifestDigest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
      "repoDigests": ["example.test/upstream/web@sha256:3333333333333333333333333333333333333333333333333333333333333333"]
    }
  },
  "distro": {"name": "debian", "version": "12"},
  "descriptor": {"name": "grype", "version": "0.84.0", "timestamp": "2026-11-20T08:15:00.123456789Z"}
}`

const trivyReport = `{
  "SchemaVersion": 2,
  "CreatedAt": "2026-10-01T10:00:00.5+02:00",
  "ArtifactName": "example.test/acme/web:latest",
  "ArtifactType": "container_image",
  "Metadata": {
    "ImageID": "sha256:4444444444444444444444444444444444444444444444444444444444444444",
    "RepoDigests": ["example.test/acme/web@sha256:5555555555555555555555555555555555555555555555555555555555555555"]
  },
  "Results": [
    {"Target": "example.test/acme/web:latest (wolfi 20230201)", "Class": "os-pkgs", "Type": "wolfi",
     "Vulnerabilities": [
       {"VulnerabilityID": "CVE-0000-0010", "PkgName": "libexample", "Severity": "MEDIUM"},
       {"VulnerabilityID": "CVE-0000-0011", "PkgName": "libexample", "Severity": "LOW"},
       {"VulnerabilityID": "CVE-0000-0012", "PkgName": "libexample", "Severity": "UNKNOWN"}
     ]},
    {"Target": "app", "Class": "lang-pkgs", "Type": "gobinary"}
  ],
  "Trivy": {"Version": "0.58.1"}
}`

func TestGrype(t *testing.T) {
	r, err := Parse([]byte(grypeReport))
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Scanner: "grype", Version: "0.84.0", Image: "example.test/upstream/web:latest",
		Digest: "sha256:2222222222222222222222222222222222222222222222222222222222222222",
		Date:   time.Date(2026, 11, 20, 8, 15, 0, 123456789, time.UTC),
		Counts: Counts{Critical: 1, High: 2, Medium: 1, Low: 1, Negligible: 1, Unknown: 1}}
	if *r != want {
		t.Errorf("got %+v\nwant %+v", *r, want)
	}
	if r.Counts.Total() != 7 {
		t.Errorf("total %d, want 7", r.Counts.Total())
	}
}

func TestGrypeRepoDigest(t *testing.T) {
	src := strings.Replace(grypeReport, `"manifestDigest"`, `"otherDigest"`, 1)
	r, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := "sha256:3333333333333333333333333333333333333333333333333333333333333333"; r.Digest != want {
		t.Errorf("digest %q, want %q", r.Digest, want)
	}
}

func TestTrivy(t *testing.T) {
	r, err := Parse([]byte(trivyReport))
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Scanner: "trivy", Version: "0.58.1", Image: "example.test/acme/web:latest",
		Digest: "sha256:5555555555555555555555555555555555555555555555555555555555555555",
		Date:   time.Date(2026, 10, 1, 8, 0, 0, 500000000, time.UTC),
		Counts: Counts{Medium: 1, Low: 1, Unknown: 1}}
	if r.Date.Equal(want.Date) {
		r.Date = want.Date
	}
	if *r != want {
		t.Errorf("got %+v\nwant %+v", *r, want)
	}
}

func TestTrivyOld(t *testing.T) {
	// Older Trivy reports have no "Trivy" object and may lack RepoDigests.
	src := `{"SchemaVersion": 2, "ArtifactName": "x", "Metadata": {"ImageID": "sha256:66"}, "Results": []}`
	r, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != "" || r.Digest != "sha256:66" || !r.Date.IsZero() || r.Counts.Total() != 0 {
		t.Errorf("got %+v", *r)
	}
}

func TestHostile(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"not JSON", "matches:\n  - x\n", "line 1: not JSON: invalid character 'm' looking for beginning of value"},
		{"broken JSON", "{\n  \"matches\": [\n    {,\n  ]\n}", "line 3: not JSON: invalid character ',' looking for beginning of object key string"},
		{"a list", "[1, 2]", "line 1: not a JSON object: a JSON array where an object is needed"},
		{"neither", `{"bomFormat": "CycloneDX"}`, "neither a Grype report"},
		{"grype matches not a list", "{\n\"matches\": {},\n\"descriptor\": {\"name\": \"grype\"}\n}", `line 2: not a Grype report: "matches" is a JSON object, not a list`},
		{"grype severity a number", "{\"descriptor\": {\"name\": \"grype\"},\n\"matches\": [{\"vulnerability\": {\"severity\": 3}}]}", `line 2: not a Grype report: "matches.vulnerability.severity" is a JSON number, not a string`},
		{"grype no name", `{"matches": [], "descriptor": {}}`, `a Grype report needs a "matches" list and a "descriptor" with a "name"`},
		{"grype bad time", `{"matches": [], "descriptor": {"name": "grype", "timestamp": "yesterday"}}`, `descriptor.timestamp "yesterday" is not an RFC 3339 time`},
		{"trivy results not a list", "{\"SchemaVersion\": 2, \"ArtifactName\": \"x\",\n\"Results\": \"none\"}", `line 2: not a Trivy report: "Results" is a JSON string, not a list`},
		{"trivy name a number", `{"SchemaVersion": 2, "ArtifactName": 7}`, `not a Trivy report: "ArtifactName" is a JSON number, not a string`},
		{"huge", `{"x": "` + strings.Repeat("a", MaxSize) + `"}`, "the largest report sitegen reads is 64 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(grypeReport))
	f.Add([]byte(trivyReport))
	f.Add([]byte(`{"matches": null, "descriptor": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if (r == nil) == (err == nil) {
			t.Fatalf("report %v and error %v", r, err)
		}
		if r != nil && r.Counts.Total() < 0 {
			t.Fatal("negative count")
		}
	})
}
