package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Duty is whether the team as a whole is watching its account.
type Duty struct {
	On        bool
	Until     string // "22:00", as announced
	ChangedBy string
	At        time.Time
	Broadcast string // the text announced
}

// Announcement is what a duty broadcast or an off-duty reply is rendered
// from: the template fields {team}, {until} and {officers} (the renderer adds
// its own, such as {next_on}).
type Announcement struct {
	Team     string
	On       bool
	Until    string   // "22:00", as given; may be empty
	Officers []string // names of those on shift, in roster order
}

// DutyPreview is exactly what a duty change will post, and where.
type DutyPreview struct {
	On         bool
	Until      string
	Text       string
	Account    string // as the preview names it
	Visibility feeds.Visibility
	Findings   []Finding // the risk check's, on Text
}

// Blocked reports whether the risk check stops the broadcast; the duty
// change is then refused.
func (p DutyPreview) Blocked() bool { return countSeverity(p.Findings, SeverityBlock) > 0 }

// PreviewDuty renders the broadcast a duty change would post, checks it and
// says which account and visibility it would go out with. Nothing is stored.
func (d *Desk) PreviewDuty(on bool, until string) DutyPreview {
	return d.PreviewTeamDuty("", on, until)
}

// PreviewTeamDuty is PreviewDuty for one team ("": the default team).
func (d *Desk) PreviewTeamDuty(team string, on bool, until string) DutyPreview {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.previewDuty(d.team(team), on, until)
}

// previewDuty is PreviewTeamDuty; the caller holds d.mu.
func (d *Desk) previewDuty(team *Team, on bool, until string) DutyPreview {
	p := DutyPreview{On: on, Until: until, Account: team.BroadcastAccount, Visibility: d.opts.BroadcastVisibility}
	if p.Account == "" {
		p.Account = "the team account"
		if a := d.replyAccount(team); a != "" {
			p.Account = a
		}
	}
	if p.Visibility == "" {
		p.Visibility = feeds.VisibilityPublic
	}
	p.Text = d.render(team, team.Broadcast, on, until)
	if p.Text == "" {
		p.Text = defaultBroadcast(team.Name, on, until)
	}
	p.Findings = d.check(p.Text)
	return p
}

// render fills a template function with the team's name and the people on
// shift now; nil renders "". The caller holds d.mu.
func (d *Desk) render(team *Team, f func(Announcement) string, on bool, until string) string {
	if f == nil {
		return ""
	}
	a := Announcement{Team: team.Name, On: on, Until: until}
	for _, id := range d.order {
		if p := d.people[id]; p.OnShift {
			a.Officers = append(a.Officers, p.Name)
		}
	}
	return f(a)
}

func defaultBroadcast(team string, on bool, until string) string {
	if team == "" {
		team = "The team"
	}
	if on {
		if until != "" {
			return fmt.Sprintf("%s on duty until %s — emergencies 999, non-emergency 101.", team, until)
		}
		return fmt.Sprintf("%s on duty — emergencies 999, non-emergency 101.", team)
	}
	return fmt.Sprintf("%s is now off duty and this account is not monitored — emergencies 999, non-emergency 101.", team)
}

// ParseUntil reads the time the team is on duty until, as announced: a time
// of day on the 24-hour clock, H:MM or HH:MM, returned as HH:MM; "" stays "".
// Anything else ("25:99", "banana") is refused with how to write it, so that
// it is never posted publicly.
func ParseUntil(until string) (string, error) {
	until = strings.TrimSpace(until)
	if until == "" {
		return "", nil
	}
	h, m, ok := strings.Cut(until, ":")
	if t, err := time.Parse("15:04", fmt.Sprintf("%02s:%s", h, m)); ok && len(h) <= 2 && len(m) == 2 && err == nil {
		return t.Format("15:04"), nil
	}
	return "", fmt.Errorf("%q is not a time of day: write it as HH:MM on the 24-hour clock, e.g. 22:00", until)
}

// SetDuty puts the team on or off duty and announces it. until must be a
// time of day (see ParseUntil). Only supervisors
// change team duty. The broadcast is checked first: one the risk check
// blocks is refused, and duty does not change. Otherwise the change and its
// broadcast draft are stored together, approved by the preview the
// supervisor saw, and posted if an account is configured. It returns the
// broadcast draft's ID.
func (d *Desk) SetDuty(ctx context.Context, actor string, on bool, until string) (string, error) {
	return d.SetTeamDuty(ctx, actor, "", on, until)
}

// SetTeamDuty is SetDuty for one team ("": the default team): only a
// supervisor of that team changes its duty, and the broadcast is the
// team's, from its account.
func (d *Desk) SetTeamDuty(ctx context.Context, actor, teamID string, on bool, until string) (string, error) {
	until, err := ParseUntil(until)
	if err != nil {
		return "", fmt.Errorf("%w: until %w", ErrIllegal, err)
	}
	draftID, err := actFor(ctx, d, []string{dutyTarget}, func() (string, error) {
		if teamID == "" {
			teamID = d.opts.Teams[0].ID
		}
		if _, ok := d.teamIdx[teamID]; !ok {
			return "", fmt.Errorf("%w: no team %q on this desk", ErrNotFound, teamID)
		}
		team := d.team(teamID)
		if _, err := d.supervisor(actor, "change team duty"); err != nil {
			return "", err
		}
		if _, err := d.supervisorOf(actor, team.ID, "change its duty"); err != nil {
			return "", err
		}
		if duty := d.dutyOf(team.ID); duty.On == on && duty.Until == until && !duty.At.IsZero() {
			return "", fmt.Errorf("%w: the team is already %s", ErrIllegal, dutyWord(on))
		}
		pv := d.previewDuty(team, on, until)
		if pv.Blocked() {
			return "", fmt.Errorf("%w: the %s broadcast is blocked by the risk check (%s); duty not changed — fix the template in [duty]", ErrIllegal, dutyWord(on), reasons(pv.Findings))
		}
		draftID := newDraftID()
		changed, err := d.event(EvDutyChanged, actor, dutyPayload{On: on, Until: until, Broadcast: pv.Text, Team: d.storedTeam(team.ID)})
		if err != nil {
			return "", err
		}
		drafted, err := d.event(EvDrafted, actor, draftCreatedPayload{Draft: draftID, Kind: DraftBroadcast, Text: pv.Text, Account: d.replyAccount(team), Visibility: pv.Visibility, Findings: pv.Findings})
		if err != nil {
			return "", err
		}
		// The supervisor saw this exact text in the preview: that is the approval.
		approved, err := d.event(EvApproved, actor, draftDecisionPayload{Draft: draftID, Reason: "duty broadcast previewed"})
		if err != nil {
			return "", err
		}
		return draftID, d.commit(ctx, changed, drafted, approved)
	})
	if err != nil {
		var refused *ConflictError
		if errors.Is(err, ErrIllegal) || errors.Is(err, ErrNotAllowed) || errors.Is(err, ErrNotFound) || errors.As(err, &refused) {
			return "", err
		}
		return "", fmt.Errorf("change duty: %w", err)
	}
	if d.opts.Poster == nil {
		return draftID, nil
	}
	if err := d.post(ctx, actor, draftID); err != nil {
		return draftID, fmt.Errorf("duty changed, but the broadcast was not posted: %w", err)
	}
	return draftID, nil
}

// reasons lists the blocking findings in the checker's words.
func reasons(fs []Finding) string {
	var out []string
	for _, f := range fs {
		if f.Severity == SeverityBlock {
			out = append(out, f.Kind+": "+f.Reason)
		}
	}
	return strings.Join(out, "; ")
}

func dutyWord(on bool) string {
	if on {
		return "on duty"
	}
	return "off duty"
}

// SetShift puts one person on or off shift. People change their own shift;
// supervisors change anyone's. Someone still holding open questions cannot
// simply go off shift: LeaveShift hands them on first, so that no question
// waits on a person who has gone home.
func (d *Desk) SetShift(ctx context.Context, actor, person string, on bool) error {
	return d.act(ctx, []string{shiftTarget(person)}, func() error {
		p, err := d.actor(actor)
		if err != nil {
			return err
		}
		if actor != person && p.Role != RoleSupervisor {
			return fmt.Errorf("%w: only a supervisor can change someone else's shift", ErrNotAllowed)
		}
		who, ok := d.people[person]
		if !ok {
			return fmt.Errorf("%w: %q is not on the roster", ErrNotFound, person)
		}
		if who.OnShift == on {
			return nil
		}
		if n := d.index.assigned[person]; !on && n > 0 {
			return fmt.Errorf("%w: %s holds %d open question(s); hand them back or to someone on shift first", ErrIllegal, who.Name, n)
		}
		return d.record(ctx, EvShiftChanged, actor, shiftPayload{Person: person, OnShift: on})
	})
}
