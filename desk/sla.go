package desk

import (
	"sort"
	"time"
)

// Default response targets, used when Options leave them zero.
const (
	DefaultAcknowledgeWithin = time.Hour
	DefaultAnswerWithin      = 24 * time.Hour
)

// slaIndex keeps the SLA clocks countable without a scan. Each question's
// clock starts at the duty clock's reading when it arrived (started, by
// ordinal, never decreasing); a question has breached a target once the duty
// clock has run more than the target since. So the breaches now are the
// questions still waiting whose start is below a bound: a binary search and
// a Fenwick prefix sum.
type slaIndex struct {
	started    []time.Duration
	unacked    fenwick // new questions, by ordinal
	unanswered fenwick // open questions (new, acknowledged, assigned), by ordinal
}

// arrive records the duty clock's reading for the next ordinal.
func (x *slaIndex) arrive(clock time.Duration) {
	if n := len(x.started); n > 0 && clock < x.started[n-1] {
		clock = x.started[n-1]
	}
	x.started = append(x.started, clock)
}

func (x *slaIndex) count(q *Question, delta int) {
	if q.State == StateNew {
		x.unacked.add(q.ordinal, int32(delta))
	}
	if q.State.Open() {
		x.unanswered.add(q.ordinal, int32(delta))
	}
}

// before counts the ordinals whose clock started before bound.
func (x *slaIndex) before(bound time.Duration) int {
	return sort.Search(len(x.started), func(i int) bool { return x.started[i] >= bound })
}

// SLABreaches counts the questions past their targets now.
type SLABreaches struct {
	Acknowledge int // still new after more than the acknowledgement target on duty
	Answer      int // still open after more than the answer target on duty
}

// Total is every breach, a question counted once per target it missed.
func (b SLABreaches) Total() int { return b.Acknowledge + b.Answer }

// SLATargets are the configured acknowledgement and answer targets.
func (d *Desk) SLATargets() (acknowledge, answer time.Duration) {
	return d.opts.AcknowledgeWithin, d.opts.AnswerWithin
}

// Breached counts the questions that have waited on duty longer than the
// targets by now. The clocks stop while the team is off duty. It costs two
// binary searches and two prefix sums, never a scan of the queue.
func (d *Desk) Breached(now time.Time, acknowledge, answer time.Duration) SLABreaches {
	d.mu.RLock()
	defer d.mu.RUnlock()
	x := &d.index.sla
	clock := d.clock.elapsed(now)
	return SLABreaches{
		Acknowledge: x.unacked.sum(x.before(clock - acknowledge)),
		Answer:      x.unanswered.sum(x.before(clock - answer)),
	}
}

// DutyTime is how long the team was on duty between from and to: the time
// an SLA clock started at from has run by to.
func (d *Desk) DutyTime(from, to time.Time) time.Duration {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.clock.between(from, to)
}

// ShiftStart is when the team last went on duty; zero if it never has.
func (d *Desk) ShiftStart() time.Time {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.clock.lastOn()
}
