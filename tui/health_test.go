package tui

import (
	"testing"
)

// TestAMessageNeverHidesAHealthChange is the connection error hidden for
// 27 s behind a leftover message: the feed's condition changes after
// a key's message was shown, and the status bar shows the change without
// another key.
func TestAMessageNeverHidesAHealthChange(t *testing.T) {
	d := testDesk(t)
	d.SetHealth("team", "live")
	tm := newTestModel(t, d, "ellis", 120, 40)
	waitFor(t, tm, "team live")
	keys(tm, "a") // an officer cannot assign: a message takes the status bar
	waitFor(t, tm, "only a supervisor can assign")
	d.SetHealth("team", "retrying in 20s (cannot reach the server)")
	waitFor(t, tm, "team retrying in 20s (cannot reach the server)")
	finalView(t, tm)
}
