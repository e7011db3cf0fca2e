package tui

import (
	"math"
	"strings"
)

// sparkBars are the eight heights of a sparkline, lowest first.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// sparkline draws one bar per value, scaled so the largest is full height
// and zero is the lowest bar: a shape to glance at, not to read off.
func sparkline(vals []float64) string {
	top := 0.0
	for _, v := range vals {
		top = math.Max(top, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if top > 0 && v > 0 {
			i = int(math.Round(v / top * float64(len(sparkBars)-1)))
		}
		b.WriteRune(sparkBars[max(0, min(i, len(sparkBars)-1))])
	}
	return b.String()
}
