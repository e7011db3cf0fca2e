package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/config"
)

// ReportRequest is what `dutydesk report` was asked for, as typed: the
// window is Since back from the end (now, or At), or From to To.
type ReportRequest struct {
	Config string // the config file's path; "" for the default one if it exists
	DB     string
	Team   string // a team ID from [[teams]]; "" for the whole desk
	// Since is a duration ("8h") or "shift"; SinceGiven says it was typed,
	// not the default, so that it can clash with From.
	Since      string
	SinceGiven bool
	// At, From and To are moments as desk.ParseMoment reads them; "" when
	// not given.
	At, From, To string
	Format       string // "md" or "csv"
}

// check refuses the requests that make no sense before anything is opened.
func (r ReportRequest) check() error {
	switch {
	case r.At != "" && (r.From != "" || r.To != ""):
		return usagef("--at is the end of the window, counted back by --since; give either --at or --from/--to")
	case r.To != "" && r.From == "":
		return usagef("--to needs --from (or use --at with --since)")
	case r.From != "" && r.SinceGiven:
		return usagef("give either --since or --from/--to")
	case r.Format != "md" && r.Format != "csv":
		return usagef("--format %q: use md or csv", r.Format)
	}
	if r.From == "" && r.Since != "shift" {
		if back, err := time.ParseDuration(r.Since); err != nil || back <= 0 {
			return usagef("--since %q: give a duration such as 8h or 90m, or \"shift\"", r.Since)
		}
	}
	return nil
}

// WriteReport writes the shift report r asks for, from the stored events —
// the numbers the console's Shift view shows — as a handover note (md) or
// one figure a row (csv). now is the end of a window counted back by
// --since when there is no --at.
func WriteReport(ctx context.Context, r ReportRequest, now time.Time, w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	var err error
	var at, start, until desk.Moment
	for _, f := range []struct {
		name, value string
		into        *desk.Moment
	}{{"at", r.At, &at}, {"from", r.From, &start}, {"to", r.To, &until}} {
		if f.value == "" {
			continue
		}
		if *f.into, err = ParseMoment(f.name, f.value, now); err != nil {
			return err
		}
	}
	cfg, err := config.LoadOptional(r.Config)
	if err != nil {
		return err
	}
	team := "" // the whole desk
	if r.Team != "" {
		if team, err = cfg.DeskTeam(r.Team); err != nil {
			return err
		}
	}
	var d *desk.Desk
	var closeDesk func()
	if r.At != "" {
		// The desk as it stood then: its shift, its roster, its events.
		d, closeDesk, err = OpenAt(ctx, cfg, cfg.DeskPath(r.DB), at)
	} else {
		d, closeDesk, err = OpenToRead(ctx, cfg, cfg.DeskPath(r.DB))
	}
	if err != nil {
		return err
	}
	defer closeDesk()

	from, to, err := r.window(ctx, d, team, start, until, now)
	if err != nil {
		return err
	}
	rep, err := d.TeamReport(team, from, to)
	if err != nil {
		return err
	}
	if r.Format == "csv" {
		return rep.WriteCSV(w, d.NameOf)
	}
	return rep.WriteMarkdown(w, d.NameOf)
}

// window is the report's span on d: From to To (To defaulting to the end),
// since the team last went on duty, or Since back from the end — the
// moment the desk is viewing, or now.
func (r ReportRequest) window(ctx context.Context, d *desk.Desk, team string, start, until desk.Moment, now time.Time) (from, to time.Time, err error) {
	to = now
	if p, ok := d.Viewing(); ok {
		to = p.At
	}
	switch {
	case r.From != "":
		if from, err = d.TimeOf(ctx, start); err != nil {
			return from, to, fmt.Errorf("--from: %w", err)
		}
		if r.To != "" {
			if to, err = d.TimeOf(ctx, until); err != nil {
				return from, to, fmt.Errorf("--to: %w", err)
			}
		}
		if to.Before(from) {
			return from, to, usagef("--to %s is before --from %s", to.Local().Format("2006-01-02 15:04"), from.Local().Format("2006-01-02 15:04"))
		}
	case r.Since == "shift":
		from = d.ShiftStart()
		if team != "" {
			from = time.Time{}
			if duty := d.TeamDuty(team); duty.On {
				from = duty.At
			}
		}
		if from.IsZero() {
			return from, to, errors.New("--since shift: the team has never been on duty on this desk; give a duration such as 8h")
		}
	default:
		back, _ := time.ParseDuration(r.Since) // check has read it
		from = to.Add(-back)
	}
	return from, to, nil
}
