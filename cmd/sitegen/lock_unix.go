//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"os"
	"syscall"
)

// lockDir opens the folder dir and takes its exclusive advisory lock,
// waiting for it, and reports whether dir is still the folder locked (a
// build that held the lock may have removed it meanwhile).
func lockDir(dir string) (*os.File, bool) {
	return lockDirHow(dir, syscall.LOCK_EX)
}

// tryLockDir is lockDir without waiting: false when another process holds
// the lock.
func tryLockDir(dir string) (*os.File, bool) {
	return lockDirHow(dir, syscall.LOCK_EX|syscall.LOCK_NB)
}

func lockDirHow(dir string, how int) (*os.File, bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, false
	}
	opened, err1 := f.Stat()
	now, err2 := os.Lstat(dir)
	if err1 != nil || err2 != nil || !os.SameFile(opened, now) {
		f.Close()
		return nil, false
	}
	return f, true
}

// unlock drops a lock lockDir took; closing the folder drops it.
func unlock(f *os.File) {
	if f != nil {
		f.Close()
	}
}
