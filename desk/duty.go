package desk

import (
	"context"
	"fmt"
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

// BroadcastText is exactly what going on or off duty will announce.
func (d *Desk) BroadcastText(on bool, until string) string {
	if d.opts.Broadcast != nil {
		return d.opts.Broadcast(on, until)
	}
	team := d.opts.Team
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

// SetDuty puts the team on or off duty and announces it. Only supervisors
// change team duty. The change and its broadcast draft are stored together;
// the broadcast is then posted, if an account is configured. It returns the
// broadcast draft's ID.
func (d *Desk) SetDuty(ctx context.Context, actor string, on bool, until string) (string, error) {
	d.mu.Lock()
	if _, err := d.supervisor(actor, "change team duty"); err != nil {
		d.mu.Unlock()
		return "", err
	}
	if d.duty.On == on && d.duty.Until == until && !d.duty.At.IsZero() {
		d.mu.Unlock()
		return "", fmt.Errorf("%w: the team is already %s", ErrIllegal, dutyWord(on))
	}
	text := d.BroadcastText(on, until)
	draftID := newDraftID()
	findings := d.check(text)
	changed, err := d.event(EvDutyChanged, actor, dutyPayload{On: on, Until: until, Broadcast: text})
	if err != nil {
		d.mu.Unlock()
		return "", err
	}
	drafted, err := d.event(EvDrafted, actor, draftPayload{Draft: draftID, Kind: DraftBroadcast, Text: text, Visibility: feeds.VisibilityPublic, Findings: findings})
	if err != nil {
		d.mu.Unlock()
		return "", err
	}
	evs := []Event{changed, drafted}
	blocked := countSeverity(findings, SeverityBlock) > 0
	if !blocked {
		// The supervisor saw this exact text in the preview: that is the approval.
		approved, err := d.event(EvApproved, actor, draftPayload{Draft: draftID, Reason: "duty broadcast previewed"})
		if err != nil {
			d.mu.Unlock()
			return "", err
		}
		evs = append(evs, approved)
	}
	if err := d.commit(ctx, evs...); err != nil {
		d.mu.Unlock()
		return "", fmt.Errorf("change duty: %w", err)
	}
	hasPoster := d.opts.Poster != nil
	d.mu.Unlock()
	if blocked {
		return draftID, fmt.Errorf("%w: duty changed, but the broadcast is flagged by the risk check; fix the template", ErrIllegal)
	}
	if !hasPoster {
		return draftID, nil
	}
	if err := d.post(ctx, actor, draftID); err != nil {
		return draftID, fmt.Errorf("duty changed, but the broadcast was not posted: %w", err)
	}
	return draftID, nil
}

func dutyWord(on bool) string {
	if on {
		return "on duty"
	}
	return "off duty"
}

// SetShift puts one person on or off shift. People change their own shift;
// supervisors change anyone's.
func (d *Desk) SetShift(ctx context.Context, actor, person string, on bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
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
	return d.record(ctx, EvShiftChanged, actor, shiftPayload{Person: person, OnShift: on})
}
