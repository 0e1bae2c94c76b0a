package render

import (
	"html/template"

	"github.com/sitegen/sitegen/internal/catalog"
)

// Page is what every page template receives. Kind says which fields are
// set: Image for "image", Category for "category", Doc for "page", Target
// for "alias", and List and Pager for the paginated lists, "images" and
// "category". Every page of a list has the same Kind; only the first has
// the category's Body.
type Page struct {
	Kind        string // home, categories, category, images, image, lifecycle, page, 404, alias
	Title       string
	Description string
	URL         string // the page's site path, e.g. "/images/go/"
	Site        *Site

	Body     template.HTML // the rendered Markdown body, if the page has one
	Headings []Heading

	Image    *catalog.Image
	Category *catalog.Category
	Doc      *catalog.Page
	Prev     *catalog.Page // documentation navigation
	Next     *catalog.Page
	Target   string // alias: the site path redirected to
	Lastmod  string // YYYY-MM-DD, or ""

	List  []*catalog.Image // the images on this page of the list
	Pager *Pager           // where this page is in its list

	Lifecycle *Lifecycle // "lifecycle": its version streams
	// Feed and Calendar are the site paths of the page's Atom feed and
	// iCalendar file, or "".
	Feed, Calendar string
}

// Lifecycle is one page of /lifecycle/ (Category nil) or of a category's
// lifecycle list: the version streams on it, by stage, and every stage
// of the whole list with its count and where it starts.
type Lifecycle struct {
	Category *catalog.Category
	Sections []LifecycleSection
	Groups   []LifecycleGroup
	Today    string // YYYY-MM-DD
}

// LifecycleSection is the streams of one stage on one page.
type LifecycleSection struct {
	Stage   catalog.Stage
	Streams []catalog.Stream
}

// LifecycleGroup is one stage of a whole lifecycle list.
type LifecycleGroup struct {
	Stage catalog.Stage
	Count int
	URL   string // the page it starts on and its anchor; "" when empty
}

// Site is shared by every page of a build.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute when the site has a host, else the base path
	Catalog     *catalog.Catalog
	Featured    []*catalog.Image
	Docs        []DocSection // the documentation navigation
}

// DocSection is a group of documentation pages under one folder.
type DocSection struct {
	Title string
	Index *catalog.Page // the folder's own page, or nil
	Pages []*catalog.Page
}
