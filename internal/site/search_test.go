package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/site"
)

// TestSearchIndex builds the small fixture (under /docs/) and checks the
// search index it publishes against its pages: every file the manifest
// implies is there, every result links to a page of the site, the drafts
// are left out, guides are found by the words of their bodies and
// categories by their notes too, and every
// page has the search form, which works without JavaScript, and names no
// file of the index but the manifest. A second build makes the same bytes.
func TestSearchIndex(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	opts := archiveOptions(t, ar)
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	out := res.Output
	var m struct {
		Build  string
		Docs   int
		Chunk  int
		Shards []string
		Facets []struct{ Values []struct{ Key string } }
	}
	readJSON(t, out, "search/index.json", &m)
	dir := "search/" + m.Build + "/"
	words := ""
	for i := range m.Shards {
		var shard [][]string
		readJSON(t, out, fmt.Sprintf("%st/%d.json", dir, i), &shard)
		for _, e := range shard {
			words += e[0] + " "
		}
	}
	for _, w := range []string{"python", "migrating", "top", "daily"} {
		if !strings.Contains(" "+words, " "+w+" ") {
			t.Errorf("the index has no %q; it has %s", w, words)
		}
	}
	if strings.Contains(words, "secret") {
		t.Error("the draft image is in the index")
	}
	var urls []string
	for c := 0; c*m.Chunk < m.Docs; c++ {
		var rows [][]any
		readJSON(t, out, fmt.Sprintf("%sd/%d.json", dir, c), &rows)
		for _, r := range rows {
			urls = append(urls, r[1].(string))
		}
	}
	if len(urls) != m.Docs {
		t.Errorf("%d results in the chunks, the manifest says %d", len(urls), m.Docs)
	}
	for _, u := range urls {
		page, ok := strings.CutPrefix(u, "/docs/")
		if _, found := out.File(page + "index.html"); !ok || !found {
			t.Errorf("result %s is not a page of the site", u)
		}
	}
	for f, facet := range m.Facets {
		for v := range facet.Values {
			if _, ok := out.File(fmt.Sprintf("%sf/%d-%d.json", dir, f, v)); !ok {
				t.Errorf("no facet list %d-%d", f, v)
			}
		}
	}

	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") || name == "old-migrating/index.html" { // an alias
			continue
		}
		data, _ := out.File(name)
		page := string(data)
		if strings.Contains(page, `http-equiv="refresh"`) {
			continue // a list's page/1/, which redirects
		}
		for _, want := range []string{`action="/docs/images/" method="get"`, `name="q"`, `data-search="/docs/search/index.json"`, `<script src="/docs/js/search.`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the search form lacks %s", name, want)
			}
		}
		if strings.Contains(page, dir) {
			t.Errorf("%s: the page names a file of the index", name)
		}
	}

	again, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range out.Names() {
		if strings.HasPrefix(name, "search/") {
			a, _ := out.File(name)
			b, ok := again.Output.File(name)
			if !ok || !bytes.Equal(a, b) {
				t.Errorf("%s differs from one build to the next", name)
			}
		}
	}
}

func readJSON(t *testing.T, out *site.Output, name string, v any) {
	t.Helper()
	data, ok := out.File(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestSearchPlatformFacet: the platforms images run on are a facet of the
// search beside the categories, each image listed under its own (the
// site's when it names none); a site whose images name none has no such
// facet.
func TestSearchPlatformFacet(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sites/trust.txtar")
	if err != nil {
		t.Fatal(err)
	}
	res, err := site.Build(archiveOptions(t, ar))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Facets []struct {
			Name   string
			Values []struct {
				Key   string
				Count int
			}
		}
	}
	readJSON(t, res.Output, "search/index.json", &m)
	if len(m.Facets) != 2 || m.Facets[0].Name != "category" || m.Facets[1].Name != "platform" {
		t.Fatalf("facets %+v, want category and platform", m.Facets)
	}
	images := 0
	for _, name := range res.Output.Names() {
		if strings.HasPrefix(name, "images/") && strings.HasSuffix(name, "/index.html") && name != "images/index.html" && !strings.Contains(name, "/page/") {
			images++
		}
	}
	for _, v := range m.Facets[1].Values {
		if !strings.Contains(v.Key, "/") || v.Count < 1 || v.Count > images {
			t.Errorf("platform %q counts %d of %d images", v.Key, v.Count, images)
		}
	}
	if len(m.Facets[1].Values) == 0 {
		t.Error("no platforms")
	}

	small, err := txtar.ParseFile("testdata/sites/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	res, err = site.Build(archiveOptions(t, small))
	if err != nil {
		t.Fatal(err)
	}
	readJSON(t, res.Output, "search/index.json", &m)
	if len(m.Facets) != 1 {
		t.Errorf("a site without platforms has facets %+v", m.Facets)
	}
}
