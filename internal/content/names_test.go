package content

import (
	"math/rand/v2"
	"testing"
)

// TestNamesAsTheirPatterns checks that isSlug and isImageName take
// exactly what slugRE and imageNameRE match: texts made at random of
// the bytes that matter, and a few of other kinds.
func TestNamesAsTheirPatterns(t *testing.T) {
	texts := []string{"", "a", "-", ".", "_", "0", "a-b", "-a", ".a", "_a", "a.", "a_b.c-d", "A", "aB", "é", "a\n", "a b", "a/b", "\xff"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "az09-._A/ \xc3\xa9"
	for range 20000 {
		b := make([]byte, r.IntN(5))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := isSlug(s), slugRE.MatchString(s); got != want {
			t.Errorf("isSlug(%q) = %v, slugRE says %v", s, got, want)
		}
		if got, want := isImageName(s), imageNameRE.MatchString(s); got != want {
			t.Errorf("isImageName(%q) = %v, imageNameRE says %v", s, got, want)
		}
	}
}

// TestPlainWordsAreMaybeWords checks that maybeWord lets every one of
// plainWords through.
func TestPlainWordsAreMaybeWords(t *testing.T) {
	for w := range plainWords {
		if !maybeWord(w) {
			t.Errorf("maybeWord(%q) is false", w)
		}
	}
}
