package site

// DropAllBodies makes a streamed build with opts let go of every page's
// Markdown after parsing and read it again when the page renders, as the
// build of a big site does.
func DropAllBodies(opts *Options) { opts.bodyBudget = -1 }

// AskFor counts a page as being made for File until release is called.
func AskFor(s *Store) (release func()) { return s.asked() }

// Made is how many pages s holds, made or being made.
func Made(s *Store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pages)
}
