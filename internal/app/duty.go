package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/config"
)

// DutyRequest is `dutydesk duty on|off` as typed.
type DutyRequest struct {
	Config string // the config file's path
	DB     string
	Team   string // a team ID from [[teams]]; "" for the first team
	As     string // who changes duty; "" for the team's first supervisor
	On     bool
	Until  string // HH:MM, going on duty only
	DryRun bool
}

// ErrDryRunRefused is a dry run whose broadcast the risk check would refuse.
var ErrDryRunRefused = errors.New("dry run: the risk check would refuse this broadcast")

// ChangeDuty is the `d` key from a shell or cron: it puts the team on or off
// duty through the same desk command and the same accounts as the console,
// and writes the broadcast's text, account and visibility to w, then the
// status URL it was posted at — or, on a dry run, that nothing changed.
func ChangeDuty(ctx context.Context, r DutyRequest, mopts mastodon.Options, w io.Writer) error {
	if !r.On && r.Until != "" {
		return usagef("--until is for going on duty; the off-duty text says when the team is back ([duty] next_on)")
	}
	until, err := desk.ParseUntil(r.Until)
	if err != nil {
		return usagef("--until %w", err)
	}
	cfg, err := config.LoadTeam(r.Config, "")
	if err != nil {
		return err
	}
	t, err := cfg.TeamByID(r.Team)
	if err != nil {
		return err
	}
	team, _ := cfg.DeskTeam(t.ID) // t is one of cfg's teams: nothing to refuse
	me, err := cfg.TeamSupervisor(t.ID, r.As)
	if err != nil {
		return err
	}
	var d *desk.Desk
	var closeDesk func()
	if r.DryRun {
		d, closeDesk, err = OpenToLook(ctx, cfg, cfg.DeskPath(r.DB), mopts)
	} else {
		_, d, closeDesk, err = OpenTeam(ctx, cfg, cfg.DeskPath(r.DB), mopts)
	}
	if err != nil {
		return err
	}
	defer closeDesk()

	if r.Team != "" {
		fmt.Fprintf(w, "team: %s (%s)\n", t.Name, t.ID)
	}
	pv := d.PreviewTeamDuty(team, r.On, until)
	writeDutyPreview(w, pv)
	if r.DryRun {
		if pv.Blocked() {
			fmt.Fprintln(w, "dry run: the risk check would refuse this broadcast; nothing posted, duty unchanged")
			return ErrDryRunRefused
		}
		fmt.Fprintln(w, "dry run: nothing posted, duty unchanged")
		return nil
	}
	id, err := d.SetTeamDuty(ctx, me, team, r.On, until)
	if err != nil {
		return err
	}
	dr, _ := d.Draft(id)
	fmt.Fprintf(w, "posted: %s\n", dr.URL)
	return nil
}

// writeDutyPreview writes what a duty change would post, and where.
func writeDutyPreview(w io.Writer, pv desk.DutyPreview) {
	word := "OFF"
	if pv.On {
		word = "ON"
	}
	fmt.Fprintf(w, "team %s duty", word)
	if pv.Until != "" {
		fmt.Fprintf(w, " until %s", pv.Until)
	}
	fmt.Fprintf(w, "\naccount: %s\nvisibility: %s\ntext: %s\n", pv.Account, pv.Visibility, pv.Text)
	for _, f := range pv.Findings {
		fmt.Fprintf(w, "risk %s %s: %s\n", f.Severity, f.Kind, f.Reason)
	}
}
