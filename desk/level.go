package desk

import (
	"context"
	"fmt"
	"strings"

	"github.com/dutydesk/dutydesk/risk"
)

// Levels. Every inbound question arrives with the urgency classifier's
// level (risk.Level: urgent, possible, crime report, routine), its reason and
// the signals that decided it, all stored with the arrival. A person may
// judge the level again (SetLevel): that judgement is an event too, with who
// and why, and the judgements are the labelled examples the classifier's
// corpus grows from (Judgements).
//
// Stored arrivals written before levels existed carry only "urgent": true,
// which still reads as urgent.

// EvLevelSet is a person's judgement of a question's level.
const EvLevelSet EventType = "question.level_set"

// ParseLevel reads a level's stored name ("urgent", "possible",
// "crime_report", "routine").
func ParseLevel(s string) (risk.Level, error) {
	for _, l := range []risk.Level{risk.Urgent, risk.Possible, risk.CrimeReport, risk.Routine} {
		if s == l.String() {
			return l, nil
		}
	}
	return risk.Routine, fmt.Errorf("unknown level %q: use urgent, possible, crime_report or routine", s)
}

// storedLevel is the level an arrival was stored with: its "level", or for
// arrivals stored before levels existed, urgent if "urgent" was set.
func storedLevel(name string, urgent bool) risk.Level {
	if l, err := ParseLevel(name); err == nil && name != "" {
		return l
	}
	if urgent {
		return risk.Urgent
	}
	return risk.Routine
}

// Urgent reports whether the question is at the urgent level: advise 999.
func (q *Question) Urgent() bool { return q.Level == risk.Urgent }

// NoReply reports whether the sender asked not to be replied to (a reply
// could endanger them): the desk sends nothing automatic, and says why.
func (q *Question) NoReply() bool { return hasSignal(q.Signals, risk.SignalNoReply) }

// NoReplyReason is what the console shows on a question whose sender asked
// not to be replied to.
const NoReplyReason = "asked not to be replied to"

func hasSignal(signals []string, want string) bool {
	for _, s := range signals {
		if s == want {
			return true
		}
	}
	return false
}

// classify runs the urgency classifier on an inbound text. The caller holds d.mu.
func (d *Desk) classify(text string) risk.Urgency {
	if d.opts.Urgency == nil {
		return risk.Urgency{Level: risk.Routine}
	}
	u := d.opts.Urgency(text)
	if len(u.Signals) == 0 {
		u.Signals = nil // stored without them: the same after replay
	}
	return u
}

// SetLevel records a person's judgement of a question's level, with why:
// "possible" turned into urgent or routine, or any level corrected. Anyone
// on the roster may raise a question to urgent; lowering one takes a
// supervisor.
func (d *Desk) SetLevel(ctx context.Context, actor, id string, level risk.Level, why string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if level < risk.Routine || level > risk.Urgent {
			return fmt.Errorf("%w: unknown level %d", ErrIllegal, int(level))
		}
		if q.Level == level && q.LevelBy != "" {
			return fmt.Errorf("%w: %s already judged it %s", ErrIllegal, d.nameOf(q.LevelBy), level)
		}
		if level < q.Level && p.Role != RoleSupervisor {
			return fmt.Errorf("%w: only a supervisor can lower a question from %s to %s", ErrNotAllowed, q.Level, level)
		}
		return d.record(ctx, EvLevelSet, actor, levelPayload{
			Question: id, Level: level.String(), Was: q.Level.String(), Reason: strings.TrimSpace(why), Text: q.Item.Text,
		})
	})
}

func (d *state) applyLevel(ev Event) error {
	p, err := decode[levelPayload](ev)
	if err != nil {
		return err
	}
	level, err := ParseLevel(p.Level)
	if err != nil {
		return fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	d.mutate(p.Question, func(q *Question) {
		q.Level, q.LevelBy, q.LevelWhy = level, ev.Actor, p.Reason
	})
	return nil
}

// Judgement is one person's judgement of a message's level: a labelled
// example for the urgency classifier's corpus.
type Judgement struct {
	Question string
	Level    risk.Level
	Was      string // the level before, as stored
	By       string // person ID
	Reason   string
	Text     string
}

// Judgements returns every stored judgement of a level, oldest first. A
// message judged twice appears twice; the later judgement is the one that stands.
func Judgements(events []Event) ([]Judgement, error) {
	var out []Judgement
	for _, ev := range events {
		if ev.Type != EvLevelSet {
			continue
		}
		p, err := decode[levelPayload](ev)
		if err != nil {
			return nil, err
		}
		level, err := ParseLevel(p.Level)
		if err != nil {
			return nil, fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Type, err)
		}
		out = append(out, Judgement{Question: p.Question, Level: level, Was: p.Was, By: ev.Actor, Reason: p.Reason, Text: p.Text})
	}
	return out, nil
}
