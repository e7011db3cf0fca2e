package main

import (
	"testing"
)

func TestSurgeRateAcceptsPerSecond(t *testing.T) {
	for in, want := range map[string]float64{"2000": 2000, "2000/s": 2000, " 50/s ": 50, "0.5/s": 0.5} {
		var r surgeRate
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("--surge %q = %v, %v; want %v", in, float64(r), err, want)
		}
	}
	for _, bad := range []string{"fast", "-3/s", "10/m"} {
		var r surgeRate
		if err := r.Set(bad); err == nil {
			t.Errorf("--surge %q accepted", bad)
		}
	}
}
