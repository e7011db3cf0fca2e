package desk

import (
	"sort"
	"time"
)

// dutyClock measures time on duty: the SLA clocks run only while the team is
// on duty. It keeps every duty change in order with the on-duty time
// accumulated before it, so that the on-duty time between any two moments is
// two binary searches, however long the desk has run.
type dutyClock struct {
	at  []time.Time     // when duty changed, in order
	on  []bool          // on duty from at[i]
	cum []time.Duration // on-duty time accumulated before at[i]
}

// change records the team going on or off duty at t. A change stamped
// before the last one (another host's clock) counts from the last one.
func (c *dutyClock) change(t time.Time, on bool) {
	if n := len(c.at); n > 0 {
		if t.Before(c.at[n-1]) {
			t = c.at[n-1]
		}
		if c.on[n-1] == on {
			return // a new "until" only; the clock runs as it did
		}
	}
	cum := c.elapsed(t)
	c.at = append(c.at, t)
	c.on = append(c.on, on)
	c.cum = append(c.cum, cum)
}

// elapsed is the on-duty time from the first duty change until t.
func (c *dutyClock) elapsed(t time.Time) time.Duration {
	i := sort.Search(len(c.at), func(i int) bool { return c.at[i].After(t) }) - 1
	if i < 0 {
		return 0
	}
	if c.on[i] {
		return c.cum[i] + t.Sub(c.at[i])
	}
	return c.cum[i]
}

// between is the on-duty time from a to b (0 if b is before a).
func (c *dutyClock) between(a, b time.Time) time.Duration {
	return max(0, c.elapsed(b)-c.elapsed(a))
}

// lastOn is when the latest on-duty period began; zero if never.
func (c *dutyClock) lastOn() time.Time {
	for i := len(c.at) - 1; i >= 0; i-- {
		if c.on[i] {
			return c.at[i]
		}
	}
	return time.Time{}
}
