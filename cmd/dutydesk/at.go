package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
)

// atUsage is the help of --at on the console commands.
const atUsage = "open a read-only console on the desk as it was at `MOMENT`: \"2026-12-03 21:14\" (local time), \"21:14\" (today), RFC 3339, or an event number such as #1234"

// atFlag defines --at on a console command.
func atFlag(fs *flag.FlagSet) *string { return fs.String("at", "", atUsage) }

// parseMomentFlag reads a moment flag as people type it, in local time; a
// value it cannot read is a usage error (status 2), printed here.
func parseMomentFlag(cmd, name, value string, stderr io.Writer) (desk.Moment, bool) {
	m, err := app.ParseMoment(name, value, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "dutydesk %s: %v\n", cmd, err)
		return desk.Moment{}, false
	}
	return m, true
}
