package desk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/dutydesk/dutydesk/risk"
)

// Report is the shift handover: what came in, what the team did with it and
// what is still waiting for the next team. BuildReport computes it from the
// stored events alone, so that `dutydesk report` and the Shift view show
// the same numbers, and a report of a past shift can be made at any time.
type Report struct {
	Team     string
	From, To time.Time
	// The SLA targets the breaches are counted against, on the duty clock.
	AcknowledgeWithin, AnswerWithin time.Duration

	// In counts the questions that arrived in the window (a comment sent
	// again counts once; one its author removed not at all).
	In int
	// Acknowledged and Answered count the questions first acknowledged and
	// first answered in the window, whenever they arrived.
	Acknowledged, Answered int
	// Open counts every question still open at To: the next team's queue.
	Open int
	// People has a row for everyone on the roster, in roster order.
	People []PersonReport

	// Times to acknowledge and to answer, on the duty clock (time off duty
	// does not count), of the questions acknowledged or answered in the
	// window. Percentiles are nearest-rank: the p-th of n sorted values is
	// the ⌈p·n⌉-th. Zero when there are none.
	AckMedian, AckP90       time.Duration
	AnswerMedian, AnswerP90 time.Duration

	// Breaches count the questions that arrived in the window and missed a
	// target: acknowledged (or answered) after more than the target on
	// duty, or still waiting at To with more than the target run.
	AckBreaches, AnswerBreaches int

	Urgent   []ReportQuestion // urgent questions that arrived in the window, and those still open from before it
	Waiting  []ReportDraft    // drafts still waiting at To (flagged, ok, approved, posting)
	Risky    []ReportDraft    // drafts the risk check blocked that a supervisor approved in the window, with the reason
	AutoAcks int              // off-duty auto-acknowledgements drafted in the window

	// Hours are the window's hours, oldest first, for the sparklines.
	Hours []ReportHour

	// Responses are first-response and answer times per person and for
	// the team (firstresponse.go).
	Responses Responses

	// AppealsStillUp are the appeals resolved by To whose posts still show
	// the person (left as they were, or the edit or delete not done):
	// listed in every report until someone deals with them.
	AppealsStillUp []ReportAppeal
}

// ReportAppeal is a resolved appeal whose post is still up.
type ReportAppeal struct {
	ID         string
	Kind       AppealKind
	Outcome    AppealOutcome
	Reason     string
	ResolvedBy string // person ID
	Resolved   time.Time
	Action     AppealAction
	LastError  string // why the edit or delete failed, if it did
	Text       string // the post as last seen
}

// PersonReport is one person's part in the shift.
type PersonReport struct {
	ID, Name     string
	OnShift      bool // at To
	Acknowledged int  // questions they acknowledged first, in the window
	Assigned     int  // questions assigned to them in the window
	Answered     int  // questions they answered first (their reply posted), in the window
	Open         int  // open questions assigned to them at To
}

// ReportQuestion is one question as the report lists it.
type ReportQuestion struct {
	ID, Author, Text, Reason string
	Arrived                  time.Time
	State                    QuestionState
	Assignee                 string // person ID
}

// ReportDraft is one draft as the report lists it.
type ReportDraft struct {
	ID         string
	Kind       DraftKind
	Author     string // person ID
	Text       string
	State      DraftState
	Kinds      []string // what the risk check blocked
	ApprovedBy string   // person ID
	Reason     string
}

// ReportHour is one hour of the window.
type ReportHour struct {
	Start time.Time
	In    int // questions that arrived in the hour
	// AckMedian is the median time to acknowledge (duty clock) of the
	// questions that arrived in the hour and have been acknowledged.
	AckMedian time.Duration
}

// reportQuestion is a question as the fold sees it.
type reportQuestion struct {
	ReportQuestion
	removed           bool
	acked, answered   time.Time
	ackedBy, answerBy string
}

// BuildReport folds events (in store order) into the report of the window
// [from, to]. Events after to are not looked at, so the report reads as it
// would have at to. people is the roster in order; shifts are taken from the
// events.
func BuildReport(events []Event, team string, people []Person, from, to time.Time, ackWithin, answerWithin time.Duration) Report {
	return buildReport(slices.Values(events), team, people, from, to, ackWithin, answerWithin)
}

// buildReport is BuildReport over events as they are read, so that a report
// of a long log never holds the log.
func buildReport(events iter.Seq[Event], team string, people []Person, from, to time.Time, ackWithin, answerWithin time.Duration) Report {
	if ackWithin <= 0 {
		ackWithin = DefaultAcknowledgeWithin
	}
	if answerWithin <= 0 {
		answerWithin = DefaultAnswerWithin
	}
	r := Report{Team: team, From: from, To: to, AcknowledgeWithin: ackWithin, AnswerWithin: answerWithin}
	in := func(t time.Time) bool { return !t.Before(from) && !t.After(to) }
	var (
		clock    dutyClock
		qs       = map[string]*reportQuestion{}
		order    []*reportQuestion
		drafts   = map[string]*ReportDraft{}
		dOrder   []*ReportDraft
		onShift  = map[string]bool{}
		assigned = map[string]int{}
		acked    = map[string]int{}
		answered = map[string]int{}
	)
	for _, p := range people {
		onShift[p.ID] = p.OnShift
	}
	responses := newResponseFold()
	appeals := appealFold{state: state{appeals: map[string]*Appeal{}}, texts: map[string]string{}}
	for ev := range events {
		if ev.At.After(to) {
			continue
		}
		responses.add(ev)
		appeals.add(ev)
		switch ev.Type {
		case EvItemArrived:
			p, err := decode[itemPayload](ev)
			if err != nil || !p.Item.Kind.Inbound() {
				continue
			}
			q := &reportQuestion{ReportQuestion: ReportQuestion{ID: p.Item.ID, Author: p.Item.Author, Text: p.Item.Text, Arrived: ev.At, State: StateNew}}
			if storedLevel(p.Level, p.Urgent) == risk.Urgent {
				q.Reason = p.UrgencyReason
				if q.Reason == "" {
					q.Reason = "urgent"
				}
			}
			qs[q.ID] = q
			order = append(order, q)
		case EvLevelSet:
			// A person's judgement stands over the classifier's.
			if p, err := decode[levelPayload](ev); err == nil {
				if q, ok := qs[p.Question]; ok {
					q.Reason = ""
					if p.Level == risk.Urgent.String() {
						q.Reason = "judged urgent by " + ev.Actor
						if p.Reason != "" {
							q.Reason += ": " + p.Reason
						}
					}
				}
			}
		case EvItemEdited:
			if p, err := decode[itemPayload](ev); err == nil {
				if q, ok := qs[p.Item.ID]; ok {
					q.Text = p.Item.Text
				}
			}
		case EvItemRemoved:
			if p, err := decode[removedPayload](ev); err == nil {
				if q, ok := qs[p.ItemID]; ok {
					q.removed = true
				}
			}
		case EvAcknowledged, EvAssigned, EvAnswered, EvClosed, EvDismissed, EvHandedBack, EvReopened:
			p, err := decode[questionPayload](ev)
			if err != nil {
				continue
			}
			q, ok := qs[p.Question]
			if !ok {
				continue
			}
			ack := func(by string) {
				if q.acked.IsZero() {
					q.acked, q.ackedBy = ev.At, by
				}
			}
			switch ev.Type {
			case EvAcknowledged:
				ack(ev.Actor)
				q.State = StateAcknowledged
			case EvAssigned:
				ack(ev.Actor)
				q.State, q.Assignee = StateAssigned, p.Assignee
				if in(ev.At) {
					assigned[p.Assignee]++
				}
			case EvHandedBack:
				q.State, q.Assignee = StateAcknowledged, ""
			case EvAnswered:
				by := ev.Actor
				if dr, ok := drafts[p.Draft]; ok && dr.Author != "" {
					by = dr.Author
				}
				ack(by)
				if q.answered.IsZero() {
					q.answered, q.answerBy = ev.At, by
				}
				q.State = StateAnswered
			case EvClosed:
				q.State = StateClosed
			case EvDismissed:
				q.State = StateDismissed
			case EvReopened:
				q.State, q.Assignee = StateAcknowledged, p.Assignee
				if p.Assignee != "" {
					q.State = StateAssigned
				}
			}
		case EvDrafted:
			p, err := decode[draftCreatedPayload](ev)
			if err != nil {
				continue
			}
			dr := &ReportDraft{ID: p.Draft, Kind: p.Kind, Author: ev.Actor, Text: p.Text, State: checkedState(p.Findings), Kinds: blockKinds(p.Findings)}
			drafts[dr.ID] = dr
			dOrder = append(dOrder, dr)
			if dr.Kind == DraftAutoAck && in(ev.At) {
				r.AutoAcks++
			}
		case EvDraftEdited:
			if p, err := decode[draftEditedPayload](ev); err == nil {
				if dr, ok := drafts[p.Draft]; ok {
					dr.Text, dr.State, dr.Kinds, dr.ApprovedBy, dr.Reason = p.Text, checkedState(p.Findings), blockKinds(p.Findings), "", ""
				}
			}
		case EvApproved, EvRejected:
			p, err := decode[draftDecisionPayload](ev)
			if err != nil {
				continue
			}
			dr, ok := drafts[p.Draft]
			if !ok {
				continue
			}
			if ev.Type == EvRejected {
				dr.State, dr.Reason = DraftRejected, p.Reason
				continue
			}
			if dr.State == DraftFlagged && in(ev.At) {
				risky := *dr
				risky.State, risky.ApprovedBy, risky.Reason = DraftApproved, ev.Actor, p.Reason
				r.Risky = append(r.Risky, risky)
			}
			dr.State, dr.ApprovedBy, dr.Reason = DraftApproved, ev.Actor, p.Reason
		case EvPostStarted, EvPosted, EvPostFailed:
			id, state, err := postOutcome(ev)
			if err != nil {
				continue
			}
			if dr, ok := drafts[id]; ok {
				dr.State = state
			}
		case EvDutyChanged:
			if p, err := decode[dutyPayload](ev); err == nil {
				clock.change(ev.At, p.On)
			}
		case EvShiftChanged:
			if p, err := decode[shiftPayload](ev); err == nil {
				onShift[p.Person] = p.OnShift
			}
		}
	}

	var ackTimes, answerTimes []time.Duration
	open := map[string]int{}
	hourOf := func(t time.Time) int { return int(t.Sub(from) / time.Hour) }
	nHours := int(math.Ceil(float64(to.Sub(from)) / float64(time.Hour)))
	hourAcks := make([][]time.Duration, max(nHours, 0))
	for h := 0; h < nHours; h++ {
		r.Hours = append(r.Hours, ReportHour{Start: from.Add(time.Duration(h) * time.Hour)})
	}
	for _, q := range order {
		if q.removed {
			continue
		}
		if q.State.Open() {
			r.Open++
			if q.State == StateAssigned {
				open[q.Assignee]++
			}
		}
		if !q.acked.IsZero() && in(q.acked) {
			r.Acknowledged++
			acked[q.ackedBy]++
			ackTimes = append(ackTimes, clock.between(q.Arrived, q.acked))
		}
		if !q.answered.IsZero() && in(q.answered) {
			r.Answered++
			answered[q.answerBy]++
			answerTimes = append(answerTimes, clock.between(q.Arrived, q.answered))
		}
		// An urgent question still open is handed over whenever it arrived:
		// one from before the window (before the team last came on duty) is
		// exactly what the next shift must not miss.
		if q.Reason != "" && (in(q.Arrived) || (q.State.Open() && q.Arrived.Before(from))) {
			r.Urgent = append(r.Urgent, q.ReportQuestion)
		}
		if !in(q.Arrived) {
			continue
		}
		r.In++
		ackAt := q.acked
		if ackAt.IsZero() {
			ackAt = to
		}
		if clock.between(q.Arrived, ackAt) > ackWithin {
			r.AckBreaches++
		}
		answerAt := q.answered
		if answerAt.IsZero() {
			answerAt = to
			if !q.State.Open() {
				answerAt = time.Time{} // closed or dismissed without a reply: no answer clock
			}
		}
		if !answerAt.IsZero() && clock.between(q.Arrived, answerAt) > answerWithin {
			r.AnswerBreaches++
		}
		if h := hourOf(q.Arrived); h >= 0 && h < nHours {
			r.Hours[h].In++
			if !q.acked.IsZero() {
				hourAcks[h] = append(hourAcks[h], clock.between(q.Arrived, q.acked))
			}
		}
	}
	for h := range r.Hours {
		r.Hours[h].AckMedian = percentile(hourAcks[h], 0.5)
	}
	r.AckMedian, r.AckP90 = percentile(ackTimes, 0.5), percentile(ackTimes, 0.9)
	r.AnswerMedian, r.AnswerP90 = percentile(answerTimes, 0.5), percentile(answerTimes, 0.9)
	r.Responses = responses.responses(&clock, people, from, to, ackWithin, answerWithin)
	r.AppealsStillUp = appeals.stillUp()
	for _, p := range people {
		r.People = append(r.People, PersonReport{
			ID: p.ID, Name: p.Name, OnShift: onShift[p.ID],
			Acknowledged: acked[p.ID], Assigned: assigned[p.ID], Answered: answered[p.ID], Open: open[p.ID],
		})
	}
	for _, dr := range dOrder {
		switch dr.State {
		case DraftFlagged, DraftOK, DraftApproved, DraftPosting:
			r.Waiting = append(r.Waiting, *dr)
		}
	}
	return r
}

// percentile is the nearest-rank p-th percentile: the ⌈p·n⌉-th smallest.
// postOutcome is the draft a post event is about and the state it leaves
// the draft in.
func postOutcome(ev Event) (draft string, state DraftState, err error) {
	switch ev.Type {
	case EvPostStarted:
		p, err := decode[postStartedPayload](ev)
		return p.Draft, DraftPosting, err
	case EvPosted:
		p, err := decode[postedPayload](ev)
		return p.Draft, DraftPosted, err
	default: // EvPostFailed: approved again, for a retry
		p, err := decode[postFailedPayload](ev)
		return p.Draft, DraftApproved, err
	}
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(math.Ceil(p * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

func blockKinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == SeverityBlock {
			out = append(out, f.Kind)
		}
	}
	return out
}

// Report is the shift report of the window [from, to], from the stored
// events. It replays the store, so it is made when asked for, not per frame.
func (d *Desk) Report(from, to time.Time) (Report, error) {
	d.mu.RLock()
	people := make([]Person, 0, len(d.order))
	for _, id := range d.order {
		people = append(people, *d.people[id])
	}
	d.mu.RUnlock()
	// Shifts come from the events; start from the configured roster.
	for i := range people {
		people[i].OnShift = d.initialShift(people[i].ID)
	}
	// The events stream from the store into the fold: archived questions
	// count as much as live ones, and the log is never held whole.
	var err error
	stop := errors.New("stop")
	events := func(yield func(Event) bool) {
		err = d.store.Replay(context.Background(), 0, func(ev Event) error {
			if !yield(ev) {
				return stop
			}
			return nil
		})
		if errors.Is(err, stop) {
			err = nil
		}
	}
	r := buildReport(events, d.opts.Team, people, from, to, d.opts.AcknowledgeWithin, d.opts.AnswerWithin)
	if err != nil {
		return Report{}, fmt.Errorf("read the store for the report: %w", err)
	}
	return r, nil
}

// initialShift is whether the person started on shift, as configured.
func (d *Desk) initialShift(id string) bool {
	for _, p := range d.opts.People {
		if p.ID == id {
			return p.OnShift
		}
	}
	return false
}
