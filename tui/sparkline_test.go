package tui

import "testing"

func TestSparklineScalesToTheLargest(t *testing.T) {
	cases := []struct {
		vals []float64
		want string
	}{
		{nil, ""},
		{[]float64{0, 0}, "▁▁"},
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
		{[]float64{10, 5, 0}, "█▅▁"}, // 5/10·7 = 3.5, rounds to the fifth bar
	}
	for _, c := range cases {
		if got := sparkline(c.vals); got != c.want {
			t.Errorf("sparkline(%v) = %q, want %q", c.vals, got, c.want)
		}
	}
}
