//go:build race

package sshd

// raceEnabled: the tests run with -race, which makes them several times slower.
const raceEnabled = true
