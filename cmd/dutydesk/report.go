package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// runReport implements `dutydesk report`: the shift handover report from
// the stored events, the same numbers the console's Shift view shows.
func runReport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	return reportWith(context.Background(), args, stdout, stderr, time.Now)
}

// reportFlags defines the report command's flags.
func reportFlags(fs *flag.FlagSet) (since, format, configPath, dbPath *string, w *reportWindow) {
	since = fs.String("since", "8h", "the window: a `DURATION` back from now (8h, 90m), or \"shift\" for since the team last went on duty")
	w = &reportWindow{
		at:   fs.String("at", "", "the report as it stood at `MOMENT` (\"2026-12-03 21:14\" local time, \"21:14\" today, RFC 3339, or #1234): --since counts back from it"),
		from: fs.String("from", "", "the window's start, a `MOMENT` as for --at (instead of --since)"),
		to:   fs.String("to", "", "the window's end, a `MOMENT` as for --at (default: now; with --from)"),
	}
	format = fs.String("format", "md", "`md` (a handover note) or csv (one figure a row)")
	configPath = fs.String("config", "", "config `FILE` for the roster and SLA targets (default: "+config.DefaultPath()+" if it exists)")
	dbPath = fs.String("db", "", "store `PATH` or postgres:// URL (default: db in the config, else "+config.DefaultDBPath("desk.db")+")")
	return since, format, configPath, dbPath, w
}

// reportWindow is the report's moments: --at, or --from and --to.
type reportWindow struct{ at, from, to *string }

func reportWith(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	flags := newFlags("report", stderr)
	since, format, configPath, dbPath, win := reportFlags(flags)
	teamID := flags.String("team", "", "one team's report: its `ID` from [[teams]] (default: the whole desk)")
	if code, ok := parseFlags("report", flags, args, stdout, stderr); !ok {
		return code
	}
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case set["at"] && (set["from"] || set["to"]):
		fmt.Fprintln(stderr, "dutydesk report: --at is the end of the window, counted back by --since; give either --at or --from/--to")
		return 2
	case set["to"] && !set["from"]:
		fmt.Fprintln(stderr, "dutydesk report: --to needs --from (or use --at with --since)")
		return 2
	case set["from"] && set["since"]:
		fmt.Fprintln(stderr, "dutydesk report: give either --since or --from/--to")
		return 2
	}
	var at, start, until desk.Moment
	for _, f := range []struct {
		name string
		val  *string
		into *desk.Moment
	}{{"at", win.at, &at}, {"from", win.from, &start}, {"to", win.to, &until}} {
		if set[f.name] {
			m, ok := parseMomentFlag("report", f.name, *f.val, stderr)
			if !ok {
				return 2
			}
			*f.into = m
		}
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "dutydesk report: unexpected %q; see dutydesk report --help\n", flags.Arg(0))
		return 2
	}
	if *format != "md" && *format != "csv" {
		fmt.Fprintf(stderr, "dutydesk report: --format %q: use md or csv\n", *format)
		return 2
	}
	fail := failTo(stderr)
	cfg, err := config.LoadOptional(*configPath)
	if err != nil {
		return fail(err)
	}
	var (
		d         *desk.Desk
		closeDesk func()
	)
	team := ""
	if *teamID != "" {
		t, err := cfg.TeamByID(*teamID)
		if err != nil {
			return fail(err)
		}
		team = deskTeam(cfg, t)
	}
	if set["at"] {
		// The desk as it stood then: its shift, its roster, its events.
		d, closeDesk, err = app.OpenAt(ctx, cfg, cfg.DeskPath(*dbPath), at)
	} else {
		d, closeDesk, err = app.OpenToRead(ctx, cfg, cfg.DeskPath(*dbPath))
	}
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	to := now()
	if p, ok := d.Viewing(); ok {
		to = p.At
	}
	var from time.Time
	if set["from"] {
		if from, err = d.TimeOf(ctx, start); err != nil {
			return fail(fmt.Errorf("--from: %w", err))
		}
		if set["to"] {
			if to, err = d.TimeOf(ctx, until); err != nil {
				return fail(fmt.Errorf("--to: %w", err))
			}
		}
		if to.Before(from) {
			fmt.Fprintf(stderr, "dutydesk report: --to %s is before --from %s\n", to.Local().Format("2006-01-02 15:04"), from.Local().Format("2006-01-02 15:04"))
			return 2
		}
	} else if *since == "shift" {
		from = d.ShiftStart()
		if duty := d.TeamDuty(team); team != "" {
			from = time.Time{}
			if duty.On {
				from = duty.At
			}
		}
		if from.IsZero() {
			return fail(errors.New("--since shift: the team has never been on duty on this desk; give a duration such as 8h"))
		}
	} else {
		back, err := time.ParseDuration(*since)
		if err != nil || back <= 0 {
			fmt.Fprintf(stderr, "dutydesk report: --since %q: give a duration such as 8h or 90m, or \"shift\"\n", *since)
			return 2
		}
		from = to.Add(-back)
	}
	r, err := d.TeamReport(team, from, to)
	if err != nil {
		return fail(err)
	}
	name := func(id string) string {
		if p, ok := d.Person(id); ok {
			return p.Name
		}
		return id
	}
	if *format == "csv" {
		err = r.WriteCSV(stdout, name)
	} else {
		err = r.WriteMarkdown(stdout, name)
	}
	if err != nil {
		return fail(err)
	}
	return 0
}
