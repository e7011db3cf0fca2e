package tui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
)

// common is what every pane of one console shares: no globals, so that many
// consoles (one per SSH session) can run in one process.
type common struct {
	ctx      context.Context // ends with the console
	desk     *desk.Desk
	me       desk.Person
	renderer *lipgloss.Renderer
	styles   Styles
	keys     KeyMap
	// shown is keys as the help shows them to this person: without the
	// keys of commands they may not give.
	shown KeyMap
	now   func() time.Time
	// counts is the desk's counts as of the last refresh, so that titles and
	// the status bar agree with the rows on screen.
	counts desk.Counts
	// ackTarget is how long a new question may wait on duty for
	// acknowledgement; answerTarget how long an open one may wait for an answer.
	ackTarget, answerTarget time.Duration
	// lastAck is how this person last acknowledged a question (x), which
	// enter repeats.
	lastAck desk.AckHow
	// team is the team this console shows (a team ID), or AllTeams.
	team string
}

// age formats how long ago t was: "now", "42m", "3h", "2d".
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}

// dutyAge is age on the SLA clock, which runs only while the team is on
// duty: the clock the rows and the breaches use, so that the header agrees.
func (c *common) dutyAge(now, t time.Time) string {
	return age(now, now.Add(-c.desk.DutyTime(t, now)))
}

// ago says how long ago t was in words: "just now", "42m ago".
func ago(now, t time.Time) string {
	if a := age(now, t); a != "now" {
		return a + " ago"
	}
	return "just now"
}

// name is a person's display name, or their ID if they are not on the roster.
func (c *common) name(id string) string {
	if p, ok := c.desk.Person(id); ok {
		return p.Name
	}
	return id
}
