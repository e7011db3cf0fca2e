package main

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// runReport implements `dutydesk report`: the shift handover report from
// the stored events, the same numbers the console's Shift view shows.
func runReport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	return reportWith(context.Background(), args, stdout, stderr, time.Now)
}

// reportFlags defines the report command's flags into r.
func reportFlags(fs *flag.FlagSet) *app.ReportRequest {
	r := &app.ReportRequest{}
	fs.StringVar(&r.Since, "since", "8h", "the window: a `DURATION` back from now (8h, 90m), or \"shift\" for since the team last went on duty")
	fs.StringVar(&r.At, "at", "", "the report as it stood at `MOMENT` (\"2026-12-03 21:14\" local time, \"21:14\" today, RFC 3339, or #1234): --since counts back from it")
	fs.StringVar(&r.From, "from", "", "the window's start, a `MOMENT` as for --at (instead of --since)")
	fs.StringVar(&r.To, "to", "", "the window's end, a `MOMENT` as for --at (default: now; with --from)")
	fs.StringVar(&r.Format, "format", "md", "`md` (a handover note) or csv (one figure a row)")
	fs.StringVar(&r.Config, "config", "", "config `FILE` for the roster and SLA targets (default: "+config.DefaultPath()+" if it exists)")
	fs.StringVar(&r.DB, "db", "", dbUsage)
	fs.StringVar(&r.Team, "team", "", "one team's report: its `ID` from [[teams]] (default: the whole desk)")
	return r
}

func reportWith(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	flags := newFlags("report", stderr)
	r := reportFlags(flags)
	if code, ok := parseFlagsOnly("report", flags, args, stdout, stderr); !ok {
		return code
	}
	flags.Visit(func(f *flag.Flag) { r.SinceGiven = r.SinceGiven || f.Name == "since" })
	return exitCode("report", app.WriteReport(ctx, *r, now(), stdout), stderr)
}
