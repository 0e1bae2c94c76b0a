//go:build !unix

package catalog_test

import "time"

// cpuTime is, where the processor time is not at hand, the wall-clock time.
func cpuTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
