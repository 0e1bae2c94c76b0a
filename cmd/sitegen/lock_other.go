//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package main

import "os"

// lockDir takes no lock where flock is missing; it says dir is there.
func lockDir(dir string) (*os.File, bool) {
	_, err := os.Lstat(dir)
	return nil, err == nil
}

// tryLockDir never succeeds where flock is missing: without a lock no
// folder can be told to be another build's, so removeLeftovers removes none.
func tryLockDir(string) (*os.File, bool) { return nil, false }

func unlock(*os.File) {}
