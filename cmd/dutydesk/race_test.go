//go:build race

package main

// raceEnabled: the test binary was built with -race, so the binaries the
// tests build are too (sharing the build cache).
const raceEnabled = true
