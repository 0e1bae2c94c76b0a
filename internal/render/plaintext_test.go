package render

import "testing"

// TestPlainText checks the words a search index gets from a body: the
// text of headings, paragraphs (soft line breaks as spaces), list items,
// table cells and inline code, one block a line; fenced and indented code
// and raw HTML left out; nothing from a blank body; and at most max bytes,
// never half a character.
func TestPlainText(t *testing.T) {
	md := NewMarkdown(MarkdownOptions{})
	body := "# Pull *the* image\n\n" +
		"A paragraph with **bold** and `inline code`\non two lines.\n\n" +
		"- item one\n- item two\n\n" +
		"| name | tag |\n|---|---|\n| go | 1.26 |\n\n" +
		"```sh\ndocker pull fenced\n```\n\n" +
		"    indented code\n\n" +
		"<div>raw block</div>\n\n" +
		"Last <span>inline</span> words.\n"
	want := "Pull the image\n" +
		"A paragraph with bold and inline code on two lines.\n" +
		"item one\nitem two\n" +
		"name\ntag\ngo\n1.26\n" +
		"Last inline words."
	if got := md.PlainText([]byte(body), 1000); got != want {
		t.Errorf("PlainText:\n%q\nwant:\n%q", got, want)
	}
	for _, blank := range []string{"", " \n\t\n"} {
		if got := md.PlainText([]byte(blank), 1000); got != "" {
			t.Errorf("PlainText(%q) = %q; want nothing", blank, got)
		}
	}
	for max, want := range map[int]string{4: "Pull", 15: "Pull the image\n", 16: "Pull the image\nA"} {
		if got := md.PlainText([]byte(body), max); got != want {
			t.Errorf("PlainText(body, %d) = %q; want %q", max, got, want)
		}
	}
	// "é" is two bytes: a cut through it drops it whole.
	if got := md.PlainText([]byte("Café au lait\n"), 4); got != "Caf" {
		t.Errorf("PlainText cut through a character: %q; want %q", got, "Caf")
	}
}
