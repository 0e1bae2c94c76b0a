package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sitegen/sitegen/internal/cache"
)

// cacheEnv names the environment variable that moves the build cache.
const cacheEnv = "SITEGEN_CACHE_DIR"

// cacheDir is the folder of build caches: flagValue (--cache-dir), else
// $SITEGEN_CACHE_DIR, else sitegen/ in the user's cache folder.
func cacheDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if dir := os.Getenv(cacheEnv); dir != "" {
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no folder for the build cache (%v): set --cache-dir or %s, or build with --no-cache", err, cacheEnv)
	}
	return filepath.Join(dir, "sitegen"), nil
}

// openCache opens the build cache of the site in source; the pack is read
// in the background while the build starts.
func openCache(flagValue, source string) (*cache.Pack, error) {
	dir, err := cacheDir(flagValue)
	if err != nil {
		return nil, err
	}
	path, err := cache.PathFor(dir, source)
	if err != nil {
		return nil, err
	}
	return cache.Open(path, cache.ExecutableVersion), nil
}
