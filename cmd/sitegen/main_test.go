package main

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sitegen/sitegen/internal/cache"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sitegen": main, // the real wiring, signals included
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
	for _, c := range []struct{ live, want int64 }{
		{0, 112 * MiB},           // nothing live yet: the floor
		{30 * MiB, 112 * MiB},    // a small site: still the floor
		{100 * MiB, 150 * MiB},   // half again the live heap
		{200 * MiB, 400 * MiB},   // a big site: twice the live heap
		{500 * MiB, 768 * MiB},   // a big site: the ceiling
		{1000 * MiB, 1250 * MiB}, // live past the ceiling: a quarter more
	} {
		if got := heapLimit(c.live); got != c.want {
			t.Errorf("heapLimit(%d MiB) = %d MiB, want %d MiB", c.live/MiB, got/MiB, c.want/MiB)
		}
	}
}
