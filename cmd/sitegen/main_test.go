package main

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sitegen/sitegen/internal/cache"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sitegen":               main, // the real wiring, signals included
		"sitegen-second-signal": secondSignal,
	})
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
	})
}

func TestHeapLimit(t *testing.T) {
	const MiB = 1 << 20
	for _, c := range []struct {
		live, want int64
		alone      bool
	}{
		{0, 112 * MiB, false},          // nothing live yet: the floor
		{30 * MiB, 112 * MiB, false},   // a small site: still the floor
		{100 * MiB, 150 * MiB, false},  // half again the live heap
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
