// Package searchtest makes search documents for tests and measurements: a
// catalog of n images shaped like the benchmark catalogs (a two-word name
// and a number, a ten-word summary from a small vocabulary, one to three
// of five categories), reproducibly.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/sitegen/sitegen/internal/search"
)

// Vocabulary is the words names and summaries are made of.
var Vocabulary = strings.Fields(`agent build cache certificate collector compiler controller curl
database dynamic envoy exporter gateway git glibc go hardened interpreter istio java kafka
library minimal nginx node operator package php postgres python queue redis registry ruby
runtime rust scanner server signer static toolchain`)

// Categories are the categories documents are in, as facet values.
var Categories = []search.Value{
	{Key: "starter", Label: "Starter"}, {Key: "base", Label: "Base"},
	{Key: "application", Label: "Application"}, {Key: "fips", Label: "FIPS"}, {Key: "ai", Label: "AI"},
}

// Options are the index options that go with Documents.
func Options() search.Options {
	return search.Options{
		Kinds:  []string{"Category", "Page", "Image"},
		Facets: []search.Facet{{Name: "category", Label: "Categories", Values: Categories}},
	}
}

// Documents returns n image documents, the same for the same n.
func Documents(n int) []search.Document {
	r := rand.New(rand.NewPCG(uint64(n), 8))
	word := func() string { return Vocabulary[r.IntN(len(Vocabulary))] }
	docs := make([]search.Document, n)
	for i := range docs {
		name := fmt.Sprintf("%s-%s-%d", word(), word(), i)
		words := make([]string, 10)
		for k := range words {
			words[k] = word()
		}
		summary := "Hardened " + strings.Join(words, " ") + "."
		var cats, keywords []string
		for _, k := range r.Perm(len(Categories))[:1+r.IntN(3)] {
			cats = append(cats, Categories[k].Key)
			keywords = append(keywords, Categories[k].Label)
		}
		keywords = append(keywords, word()+":latest")
		docs[i] = search.Document{
			Kind: "Image", URL: "/images/" + name + "/", Title: name, Summary: summary,
			Names: []string{name}, Keywords: keywords,
			Facets: map[string][]string{"category": cats},
		}
	}
	return docs
}
