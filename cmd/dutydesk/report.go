package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
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

// reportFlags defines the report command's flags.
func reportFlags(fs *flag.FlagSet) (since, format, configPath, dbPath, team *string) {
	since = fs.String("since", "8h", "the window: a `DURATION` back from now (8h, 90m), or \"shift\" for since the team last went on duty")
	format = fs.String("format", "md", "`md` (a handover note) or csv (one figure a row)")
	configPath = fs.String("config", "", "config `FILE` for the roster and SLA targets (default: "+config.DefaultPath()+" if it exists)")
	dbPath = fs.String("db", "", "store `PATH` or postgres:// URL (default: db in the config, else "+config.DefaultDBPath("desk.db")+")")
	team = fs.String("team", "", "one team's report: its `ID` from [[teams]] (default: the whole desk)")
	return since, format, configPath, dbPath, team
}

func reportWith(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	flags := newFlags("report", stderr)
	since, format, configPath, dbPath, teamID := reportFlags(flags)
	if code, ok := parseFlags("report", flags, args, stdout, stderr); !ok {
		return code
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
	team := ""
	if *teamID != "" {
		t, err := cfg.TeamByID(*teamID)
		if err != nil {
			return fail(err)
		}
		team = deskTeam(cfg, t)
	}
	d, closeDesk, err := app.OpenToRead(ctx, cfg, cfg.DeskPath(*dbPath))
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	to := now()
	var from time.Time
	if *since == "shift" {
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
