//go:build race

package render

// raceDetector tells whether the race detector is on: it makes sync.Pool
// drop some of what it is given, so counts of allocations mean nothing.
const raceDetector = true
