package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sitegen/sitegen/internal/cache"
)

func TestMain(m *testing.M) {
	testscript.Main(ownCache{m}, map[string]func(){
		"sitegen":               main, // the real wiring, signals included
		"sitegen-second-signal": secondSignal,
	})
}

// ownCache runs the tests with a cache folder of their own, so that no
// test writes into the user's (as a serve or build run through run would).
type ownCache struct{ m *testing.M }

func (o ownCache) Run() int {
	dir, err := os.MkdirTemp("", "sitegen-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv(cacheEnv, dir)
	return o.m.Run()
}

// TestScripts runs the command-line scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "1795737600") // 2026-11-27
			// Each script has its own build cache; $PACK is the pack of
			// the site in $WORK.
			dir := filepath.Join(env.WorkDir, ".cache")
			env.Setenv(cacheEnv, dir)
			pack, err := cache.PathFor(dir, env.WorkDir)
			env.Setenv("PACK", pack)
			return err
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":  cmdStatus,
			"entries": cmdEntries,
			"newexe":  cmdNewExe,
		},
	})
}

// cmdStatus runs a program and fails unless it exits with the status
// given: status N program [args...]. Its output is kept for stdout and
// stderr, as exec keeps it.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	var exit *exec.ExitError
	if err := ts.Exec(args[1], args[2:]...); errors.As(err, &exit) {
		got = exit.ExitCode()
	} else if err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdEntries fails unless a folder holds exactly the entries named,
// hidden ones included: entries DIR [name...].
func cmdEntries(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: entries DIR [name...]")
	}
	list, err := os.ReadDir(ts.MkAbs(args[0]))
	ts.Check(err)
	var got []string
	for _, e := range list {
		got = append(got, e.Name())
	}
	want := slices.Clone(args[1:])
	slices.Sort(want)
	if !slices.Equal(got, want) {
		ts.Fatalf("%s holds %q, want %q", args[0], got, want)
	}
}

// cmdNewExe writes another sitegen executable to DIR/sitegen: the one on
// the PATH with a byte added at its end, which changes nothing it does but
// makes it another file, as a new release of sitegen would be.
func cmdNewExe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: newexe DIR")
	}
	exe, err := exec.LookPath("sitegen")
	ts.Check(err)
	data, err := os.ReadFile(exe)
	ts.Check(err)
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.WriteFile(filepath.Join(dir, "sitegen"), append(data, 0), 0o755))
}

func TestHeapLimit(t *testing.T) {
	const MiB = 1 << 20
	for _, c := range []struct {
		live, want int64
		alone      bool
	}{
		{0, 128 * MiB, false},          // nothing live yet: the floor
		{30 * MiB, 128 * MiB, false},   // a small site: still the floor
		{100 * MiB, 150 * MiB, false},  // half again the live heap
		{128 * MiB, 768 * MiB, true},   // from 128 MiB on, a big site
		{200 * MiB, 768 * MiB, true},   // a big site: the ceiling, which alone sets the pace
		{500 * MiB, 768 * MiB, true},   // still the ceiling
		{1000 * MiB, 1250 * MiB, true}, // live past the ceiling: a quarter more
	} {
		got, alone := heapLimit(c.live)
		if got != c.want || alone != c.alone {
			t.Errorf("heapLimit(%d MiB) = %d MiB, %v; want %d MiB, %v", c.live/MiB, got/MiB, alone, c.want/MiB, c.alone)
		}
	}
}

// TestKeepHeapNearLive: the memory limit starts at the floor, follows the
// live heap past it, and is lifted by stop.
func TestKeepHeapNearLive(t *testing.T) {
	floor, _ := heapLimit(0)
	want, _ := heapLimit(100 << 20)
	stop := keepHeapNearLive()
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("limit at start %d MiB, want %d MiB", got>>20, floor>>20)
	}
	live := make([]byte, 100<<20) // past the floor: the limit must rise
	runtime.GC()
	var got int64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got = debug.SetMemoryLimit(-1); got >= want {
			break
		}
	}
	runtime.KeepAlive(live)
	if got < want {
		t.Errorf("with 100 MiB live the limit is %d MiB, want %d MiB or more", got>>20, want>>20)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after stop %d, want none", got)
	}
}

// TestBuildKeepsAChosenHeapLimit: a build sets the memory limit itself
// (and lifts it when done) only when neither GOMEMLIMIT nor GOGC says how
// to collect; otherwise it leaves the limit as it was.
func TestBuildKeepsAChosenHeapLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const chosen = 1 << 40
	for _, c := range []struct {
		memLimit, gogc string
		kept           bool
	}{
		{"", "", false},
		{"900MiB", "", true},
		{"", "100", true},
	} {
		t.Setenv("GOMEMLIMIT", c.memLimit)
		t.Setenv("GOGC", c.gogc)
		debug.SetMemoryLimit(chosen)
		args := []string{"build", "--no-cache", "--source", "testdata/serve", "--dest", filepath.Join(t.TempDir(), "out")}
		var stdout, stderr strings.Builder
		if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		want := int64(math.MaxInt64)
		if c.kept {
			want = chosen
		}
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Errorf("GOMEMLIMIT=%q GOGC=%q: limit after the build %d, want %d", c.memLimit, c.gogc, got, want)
		}
	}
}
