//go:build unix

package catalog_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used, user and system: on
// one core it grows with the work done, however busy the machine is.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
