package cputime_test

import (
	"crypto/sha256"
	"io"
	"os"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/cputime"
)

// TestLeastIsProcessorTimeOfF: Least gives the processor time f used, not
// the time that passed (a sleep uses none) and not the process's total
// so far (a function that does nothing uses next to none, however much
// the process used before it); time in the system counts as well as time
// in the program.
func TestLeastIsProcessorTimeOfF(t *testing.T) {
	data := make([]byte, 8<<20)
	busy := cputime.Least(2, func() { sha256.Sum256(data) })
	idle := cputime.Least(2, func() { time.Sleep(30 * time.Millisecond) })
	nothing := cputime.Least(2, func() {})
	if busy <= 0 {
		t.Fatalf("hashing 8 MiB took %v of processor time", busy)
	}
	if idle > busy/3 {
		t.Errorf("30 ms of sleep took %v of processor time, hashing 8 MiB %v", idle, busy)
	}
	if nothing > busy/3 {
		t.Errorf("a function that does nothing took %v of processor time, hashing 8 MiB %v", nothing, busy)
	}
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	buf := make([]byte, 1<<20)
	system := cputime.Least(2, func() { // the kernel fills the buffer
		for range 256 {
			io.ReadFull(zero, buf)
		}
	})
	if system < time.Millisecond {
		t.Errorf("reading 256 MiB of /dev/zero took %v of processor time", system)
	}
}
