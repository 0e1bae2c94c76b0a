package content

import "time"

// Settle makes a load with opts trust the identity of a file changed d
// before it was read (see LoadOptions.Cache), instead of a few seconds.
func Settle(opts *LoadOptions, d time.Duration) { opts.settle = d }
