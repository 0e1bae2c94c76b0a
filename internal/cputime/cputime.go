// Package cputime times work in processor time, for tests that check how
// the work grows with its input. Wall-clock time does not do for that on a
// shared machine: at a load average of 10 to 15 on two cores, the same
// two runs were 1:1 in one run of a test and 1:10 in the next.
package cputime

import (
	"runtime"
	"time"
)

// Least runs f n times on one core, each after a garbage collection (the
// garbage of the run before is not this one's work), and returns the least
// processor time, user and system, that the process used during one run.
// Where processor time is not at hand (see used), it is wall-clock time.
func Least(n int, f func()) time.Duration {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	least := time.Duration(1<<63 - 1)
	for range n {
		runtime.GC()
		start := used()
		f()
		least = min(least, used()-start)
	}
	return least
}
