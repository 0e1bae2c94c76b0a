package site_test

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
)

// What trustReport shows of an image page.
var (
	verifySection = regexp.MustCompile(`(?s)<section aria-labelledby="verify">.*?</section>`)
	specPlatforms = regexp.MustCompile(`(?s)<div><dt>(?:Platforms|Compressed size)</dt>.*?</dd></div>`)
	tocVerify     = regexp.MustCompile(`<li><a href="#verify">Verify</a></li>`)
	itemStart     = regexp.MustCompile(`<li class="?image-item"?[ >]`)
	itemName      = regexp.MustCompile(`class="?image-name"? href="?([^" >]*)`)
	platformList  = regexp.MustCompile(`<ul class="?platform-badges"?.*?</ul>`)
)

// trustReport shows, for each list page, the platform badges of each
// image it lists, and for each image page, its Verify section (or "no
// Verify section") and its platforms and size in the specifications, as
// the template wrote them.
func trustReport(names []string, files map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		items := itemStart.Split(files[n], -1)[1:]
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "== %s\n", n)
		for _, item := range items {
			name := "(no link)"
			if m := itemName.FindStringSubmatch(item); m != nil {
				name = m[1]
			}
			fmt.Fprintf(&b, "%s %s\n", name, cmp.Or(platformList.FindString(item), "no badges"))
		}
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "images/") || !strings.HasSuffix(n, "/index.html") || strings.HasPrefix(n, "images/page/") || n == "images/index.html" {
			continue
		}
		html := files[n]
		fmt.Fprintf(&b, "== %s\n", n)
		for _, s := range specPlatforms.FindAllString(html, -1) {
			b.WriteString(s + "\n")
		}
		v := verifySection.FindString(html)
		if v == "" {
			b.WriteString("no Verify section\n")
		} else {
			b.WriteString(v + "\n")
		}
		fmt.Fprintf(&b, "toc: %t\n", tocVerify.MatchString(html))
	}
	return b.String()
}

// What scanReport shows of the pages.
var (
	scanSection = regexp.MustCompile(`(?s)<section aria-labelledby="vulnerabilities">.*?</section>`)
	scanTotals  = regexp.MustCompile(`<(?:li|div) class="scan-totals">.*?</(?:li|div)>`)
	scanJSON    = regexp.MustCompile(`(?m)^ *"(?:slug|name|scan|scanned|report|upstream|scanner|version|date|image|digest|stale|counts|critical|high|medium|low|negligible|unknown)": .*$`)
)

// scanReport shows the Known vulnerabilities section of each image page
// (or "no section"), the totals of the category and home pages, and the
// scan entries of catalog.json.
func scanReport(names []string, files map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		html := files[n]
		switch {
		case n == "index.html" || strings.HasPrefix(n, "categories/") && strings.HasSuffix(n, "/index.html") && n != "categories/index.html":
			fmt.Fprintf(&b, "== %s\n%s\n", n, cmp.Or(scanTotals.FindString(html), "no totals"))
		case strings.HasPrefix(n, "images/") && strings.Count(n, "/") == 2 && strings.HasSuffix(n, "/index.html") && !strings.HasPrefix(n, "images/page/"):
			fmt.Fprintf(&b, "== %s\n%s\ntoc: %t\n", n, cmp.Or(scanSection.FindString(html), "no section"), strings.Contains(html, `href="#vulnerabilities"`))
		}
	}
	if j, ok := files["catalog.json"]; ok {
		b.WriteString("== catalog.json\n")
		for _, m := range scanJSON.FindAllString(j, -1) {
			b.WriteString(m + "\n")
		}
	}
	return b.String()
}
