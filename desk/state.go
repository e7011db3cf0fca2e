package desk

import (
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// state is the desk as folded from its stored events, and nothing else: what
// the store holds up to lastSeq, applied in order. It knows no store, clock,
// console or network; apply is its only way to change. Its methods name their
// receiver d, as the Desk that embeds it does, so that code reads the same
// whichever of the two it runs on.
type state struct {
	lastSeq   int64
	head      []byte // the hash of event lastSeq: the chain head (chain.go)
	people    map[string]*Person
	order     []string // people in roster order
	items     map[string]feeds.Item
	known     map[string]bool // every item ID ever ingested, removed ones too
	questions map[string]*Question
	queue     []*Question       // open and finished questions in arrival order
	index     queueIndex        // counts kept as events apply
	itemOwner map[string]string // any item ID (duplicates too) → question ID
	dupIndex  map[string]string // duplicateKey → question ID
	feed      []string          // team post IDs, arrival order
	reactions map[string]int    // team post ID → favourites and boosts
	drafts    map[string]*Draft
	draftList []*Draft // creation order
	duty      Duty
	clock     dutyClock       // on-duty time, for the SLA clocks
	autoAcked map[string]bool // authors auto-acknowledged this off-duty period
	threads   threadIndex     // which question a reply belongs to (reopen.go)
	shifts    map[string]bool // person ID → on shift, as the last shift event left them
	named     []namedPerson   // the roster as the last roster.named event stored it (names.go)
	// Teams (team.go): the configured team IDs and the default one, each
	// team's duty (duty above is the default team's) and how many
	// questions were transferred to each.
	defaultTeam string
	teamIDs     map[string]bool
	duties      map[string]Duty
	transfersIn map[string]int

	// The working set (archive.go): questions closed or dismissed longer
	// than archiveAfter ago leave, swept once per hour of event time.
	archiveAfter time.Duration // 0: nothing leaves
	finished     []finishedQuestion
	sweptHour    time.Time

	appeals map[string]*Appeal // appeal ID (its post's item or draft ID) → appeal
}

// newState is the state before any event, archiving after the default
// window.
func newState() state { return newStateArchiving(DefaultArchiveAfter) }

// newStateArchiving is the state before any event, archiving what finished
// longer than window ago (never if window is 0).
func newStateArchiving(window time.Duration) state {
	return state{
		archiveAfter: window,
		people:       map[string]*Person{},
		items:        map[string]feeds.Item{},
		known:        map[string]bool{},
		questions:    map[string]*Question{},
		index:        newQueueIndex(),
		itemOwner:    map[string]string{},
		dupIndex:     map[string]string{},
		reactions:    map[string]int{},
		drafts:       map[string]*Draft{},
		autoAcked:    map[string]bool{},
		shifts:       map[string]bool{},
		appeals:      map[string]*Appeal{},
		duties:       map[string]Duty{},
		transfersIn:  map[string]int{},
		defaultTeam:  DefaultTeam,
		teamIDs:      map[string]bool{DefaultTeam: true},
	}
}

// apply folds one stored event into the state. It is the only place state
// changes, so that replay at start-up rebuilds exactly what was shown. The
// caller holds d.mu (or is Open, before the desk is shared).
func (d *state) apply(ev Event) error {
	if ev.Hash != nil {
		d.head = ev.Hash
	}
	defer d.trimUnacked()
	defer d.sweep(ev.At) // runs first: trimUnacked then sees what left
	switch ev.Type {
	case EvItemArrived:
		p, err := decode[itemPayload](ev)
		if err != nil {
			return err
		}
		it := feeds.Item(p.Item)
		d.items[it.ID] = it
		d.known[it.ID] = true
		if !it.Kind.Inbound() {
			d.feed = append(d.feed, it.ID)
			return nil
		}
		folded, key := foldAndKey(it)
		q := &Question{
			ID: it.ID, Item: it, Count: 1, State: StateNew,
			Level: storedLevel(p.Level, p.Urgent), UrgencyReason: p.UrgencyReason, Signals: p.Signals, OffDuty: p.OffDuty,
			Arrived: ev.At, StateSince: ev.At, seq: ev.Seq, ordinal: len(d.index.sla.started),
			folded: folded, Team: d.teamID(p.Team),
		}
		d.index.sla.arrive(d.clock.elapsed(ev.At))
		d.questions[q.ID] = q
		d.queue = append(d.queue, q)
		d.index.count(q, +1)
		d.index.unacked = append(d.index.unacked, q.ID)
		d.itemOwner[q.ID] = q.ID
		d.dupIndex[key] = q.ID
		d.noteArrival(q)
	case EvItemEdited:
		p, err := decode[itemPayload](ev)
		if err != nil {
			return err
		}
		it := feeds.Item(p.Item)
		d.items[it.ID] = it
		if q, ok := d.questions[it.ID]; ok {
			delete(d.dupIndex, duplicateKey(q.Item))
			d.mutate(q.ID, func(q *Question) { q.Item, q.folded = it, fold(it) })
			d.dupIndex[duplicateKey(it)] = q.ID
		}
		d.threadItemChanged(p.Item.ID, false)
	case EvDuplicateArrived:
		p, err := decode[duplicatePayload](ev)
		if err != nil {
			return err
		}
		d.known[p.Item.ID] = true
		if _, ok := d.questions[p.Question]; ok {
			d.mutate(p.Question, func(q *Question) {
				q.Count++
				q.duplicateIDs = append(q.duplicateIDs, p.Item.ID)
			})
			d.itemOwner[p.Item.ID] = p.Question
		}
	case EvItemRemoved:
		p, err := decode[removedPayload](ev)
		if err != nil {
			return err
		}
		d.removeItem(p.ItemID)
	case EvReaction:
		p, err := decode[reactionPayload](ev)
		if err != nil {
			return err
		}
		d.reactions[p.ItemID]++
	case EvTransferred:
		return d.applyTransfer(ev)
	case EvAcknowledged, EvAssigned, EvClaimed, EvReleased, EvAnswered, EvClosed, EvDismissed, EvHandedBack, EvReopened:
		return d.applyQuestion(ev)
	case EvDrafted, EvDraftEdited, EvApproved, EvRejected, EvPostStarted, EvPosted, EvPostFailed, EvSuperseded:
		if err := d.applyDraft(ev); err != nil {
			return err
		}
		d.notePosted(ev)
	case EvFollowUp, EvThreadReply:
		return d.applyThread(ev)
	case EvFavourited:
		return d.applyFavourited(ev)
	case EvLevelSet:
		return d.applyLevel(ev)
	case EvDutyChanged:
		p, err := decode[dutyPayload](ev)
		if err != nil {
			return err
		}
		team := d.teamID(p.Team)
		duty := Duty{On: p.On, Until: p.Until, ChangedBy: ev.Actor, At: ev.At, Broadcast: p.Broadcast}
		d.duties[team] = duty
		if team != d.defaultTeam {
			if !p.On {
				d.resetAutoAcked(team)
			}
			return nil
		}
		d.duty = duty
		d.clock.change(ev.At, p.On)
		if !p.On {
			d.resetAutoAcked(team)
		}
	case EvShiftChanged:
		p, err := decode[shiftPayload](ev)
		if err != nil {
			return err
		}
		d.shifts[p.Person] = p.OnShift
		if person, ok := d.people[p.Person]; ok {
			person.OnShift = p.OnShift
		}
	case EvRosterNamed:
		p, err := decode[rosterPayload](ev)
		if err != nil {
			return err
		}
		d.named = p.People
	case EvAppealMarked, EvAppealResolved, EvAppealPostStarted, EvAppealPostDone, EvAppealPostFailed:
		return d.applyAppeal(ev)
	case EvSessionOpened, EvSessionClosed, EvAccessRefused:
		// audit only
	default:
		return fmt.Errorf("event %d has unknown type %q: written by a newer dutydesk?", ev.Seq, ev.Type)
	}
	return nil
}

// removeItem makes a removed item disappear: a removed question leaves the
// queue; a removed duplicate lowers its question's count.
func (d *state) removeItem(id string) {
	delete(d.items, id)
	d.threadItemChanged(id, true)
	owner, ok := d.itemOwner[id]
	if !ok {
		for i, fid := range d.feed {
			if fid == id {
				d.feed = append(d.feed[:i:i], d.feed[i+1:]...)
				break
			}
		}
		return
	}
	delete(d.itemOwner, id)
	q := d.questions[owner]
	if q == nil {
		return
	}
	if owner != id {
		d.mutate(owner, func(q *Question) {
			q.Count--
			for i, dup := range q.duplicateIDs {
				if dup == id {
					q.duplicateIDs = append(q.duplicateIDs[:i:i], q.duplicateIDs[i+1:]...)
					break
				}
			}
		})
		return
	}
	// The first arrival is gone; a remaining duplicate would keep the question
	// alive, but the author removed the words, so the question goes.
	for _, dup := range q.duplicateIDs {
		delete(d.itemOwner, dup)
	}
	if d.dupIndex[duplicateKey(q.Item)] == q.ID {
		delete(d.dupIndex, duplicateKey(q.Item))
	}
	delete(d.questions, q.ID)
	d.index.count(q, -1)
	if i := d.queuePos(q.seq); i >= 0 {
		d.queue = append(d.queue[:i:i], d.queue[i+1:]...)
	}
}

func (d *state) applyQuestion(ev Event) error {
	p, err := decode[questionPayload](ev)
	if err != nil {
		return err
	}
	if _, ok := d.questions[p.Question]; !ok {
		return nil // removed since; the event stays in the audit trail
	}
	d.mutate(p.Question, func(q *Question) { applyToQuestion(q, ev, p) })
	return nil
}

// applyToQuestion changes one question's copy for a question event.
func applyToQuestion(q *Question, ev Event, p questionPayload) {
	move := func(s QuestionState) {
		if q.State != s {
			q.StateSince = ev.At
		}
		q.State = s
	}
	switch ev.Type {
	case EvAcknowledged:
		move(StateAcknowledged)
		q.Acknowledged = ev.At
	case EvAssigned:
		move(StateAssigned)
		q.Assignee = p.Assignee
		if q.Acknowledged.IsZero() {
			q.Acknowledged = ev.At
		}
	case EvHandedBack:
		move(StateAcknowledged)
		if q.ClaimedBy == q.Assignee {
			q.ClaimedBy = ""
		}
		q.Assignee = ""
	case EvClaimed:
		q.ClaimedBy, q.ClaimConsole = ev.Actor, p.Console
	case EvReleased:
		q.ClaimedBy, q.ClaimConsole = "", ""
	case EvAnswered:
		move(StateAnswered)
		if q.Acknowledged.IsZero() {
			q.Acknowledged = ev.At
		}
		if q.Answered.IsZero() {
			q.Answered = ev.At
		}
		q.ClaimedBy = ""
		if p.Draft != "" {
			q.Replies = append(q.Replies, p.Draft)
		}
	case EvClosed:
		move(StateClosed)
		q.ClaimedBy = ""
	case EvDismissed:
		move(StateDismissed)
		q.ClaimedBy = ""
	case EvReopened:
		if p.Assignee != "" {
			move(StateAssigned)
		} else {
			move(StateAcknowledged)
		}
		q.Assignee, q.ClaimedBy = p.Assignee, ""
	}
}

func (d *state) applyDraft(ev Event) error {
	if ev.Type == EvDrafted {
		p, err := decode[draftCreatedPayload](ev)
		if err != nil {
			return err
		}
		dr := &Draft{
			ID: p.Draft, Kind: p.Kind, Author: ev.Actor, Text: p.Text, ReplyTo: p.ReplyTo,
			Account: p.Account, Visibility: p.Visibility, Findings: p.Findings,
			Created: ev.At, Updated: ev.At,
		}
		dr.State = checkedState(dr.Findings)
		if q, ok := d.questions[dr.ReplyTo]; ok {
			dr.ReplyRemote, dr.ReplyAuthor = q.Item.RemoteID, q.Item.Author
		}
		d.drafts[dr.ID] = dr
		d.draftList = append(d.draftList, dr)
		switch dr.Kind {
		case DraftAutoAck:
			d.noteAutoAck(dr)
		case DraftAdvice:
			d.mutate(dr.ReplyTo, func(q *Question) { q.Advice = dr.ID })
		}
		return nil
	}
	var (
		id     string
		change func(dr *Draft)
	)
	switch ev.Type {
	case EvDraftEdited:
		p, err := decode[draftEditedPayload](ev)
		if err != nil {
			return err
		}
		id, change = p.Draft, func(dr *Draft) {
			dr.Text, dr.Findings = p.Text, p.Findings
			dr.State = checkedState(dr.Findings)
			dr.ApprovedBy, dr.Reason = "", ""
		}
	case EvApproved, EvRejected, EvSuperseded:
		p, err := decode[draftDecisionPayload](ev)
		if err != nil {
			return err
		}
		id, change = p.Draft, func(dr *Draft) {
			switch ev.Type {
			case EvApproved:
				dr.State, dr.ApprovedBy, dr.Reason = DraftApproved, ev.Actor, p.Reason
			case EvRejected:
				dr.State, dr.Reason = DraftRejected, p.Reason
			default:
				dr.State, dr.Reason = DraftSuperseded, p.Reason
			}
		}
	case EvPostStarted:
		p, err := decode[postStartedPayload](ev)
		if err != nil {
			return err
		}
		id, change = p.Draft, func(dr *Draft) {
			dr.State = DraftPosting
			dr.PostingHost, dr.PostingSince, dr.claim = p.Host, ev.At, p.Claim
			if dr.FirstPosted.IsZero() {
				dr.FirstPosted = ev.At
			}
		}
	case EvPosted:
		p, err := decode[postedPayload](ev)
		if err != nil {
			return err
		}
		id, change = p.Draft, func(dr *Draft) {
			dr.State, dr.RemoteID, dr.URL, dr.LastError = DraftPosted, p.RemoteID, p.URL, ""
		}
	case EvPostFailed:
		p, err := decode[postFailedPayload](ev)
		if err != nil {
			return err
		}
		id, change = p.Draft, func(dr *Draft) {
			// Back to approved: the draft stays intact for a retry or an edit.
			dr.State, dr.LastError = DraftApproved, p.Error
		}
	default:
		return fmt.Errorf("event %d (%s) is not a draft event", ev.Seq, ev.Type)
	}
	dr, ok := d.drafts[id]
	if !ok {
		if d.archiveAfter > 0 {
			return nil // archived (archive.go); the event stays in the audit trail
		}
		return fmt.Errorf("event %d (%s) names unknown draft %q", ev.Seq, ev.Type, id)
	}
	dr.Updated = ev.At
	change(dr)
	return nil
}

func checkedState(fs []Finding) DraftState {
	if countSeverity(fs, SeverityBlock) > 0 {
		return DraftFlagged
	}
	return DraftOK
}
