package desk

import (
	"time"
)

// The working set. A question closed or dismissed longer ago than the
// archive window, and a finished draft (posted, rejected or superseded) no
// live question needs, leave memory and the snapshots: they stay in the
// store, as every event does, where reports, verify, export and search
// (search.go) find them. So what the desk holds, how long it takes to start
// and how much memory it needs depend on the last week's traffic, not on
// the years of history behind it.
//
// Archiving is part of the fold, decided by the events' own times (never
// the wall clock), so that a snapshot and the tail after it give the desk a
// full replay gives. It runs at most once per hour of event time: the
// queue is compacted in one pass, not once per question.

// DefaultArchiveAfter is how long a closed or dismissed question stays on
// the desk when Options leave ArchiveAfter zero.
const DefaultArchiveAfter = 7 * 24 * time.Hour

// finishedQuestion is a question that was closed or dismissed at a time.
// If it was reopened since, the entry no longer matches it and is skipped.
type finishedQuestion struct {
	id string
	at time.Time
}

// noteFinished records a question that has just been closed or dismissed.
func (d *state) noteFinished(old, q *Question) {
	if finishedState(q.State) && (!finishedState(old.State) || !old.StateSince.Equal(q.StateSince)) {
		d.finished = append(d.finished, finishedQuestion{id: q.ID, at: q.StateSince})
	}
}

func finishedState(s QuestionState) bool { return s == StateClosed || s == StateDismissed }

// finishedDraft reports whether a draft is done with: nothing more can
// happen to it.
func finishedDraft(s DraftState) bool {
	return s == DraftPosted || s == DraftRejected || s == DraftSuperseded
}

// sweep archives, once per hour of event time, what finished before the
// window: the caller is apply, after it folded an event stamped now.
func (d *state) sweep(now time.Time) {
	if d.archiveAfter <= 0 {
		return
	}
	hour := now.Truncate(time.Hour)
	if !hour.After(d.sweptHour) {
		return
	}
	d.sweptHour = hour
	cutoff := hour.Add(-d.archiveAfter)
	gone := 0
	for len(d.finished) > 0 && d.finished[0].at.Before(cutoff) {
		f := d.finished[0]
		d.finished = d.finished[1:]
		q, ok := d.questions[f.id]
		if !ok || !finishedState(q.State) || !q.StateSince.Equal(f.at) {
			continue // reopened since, or gone
		}
		d.archive(q)
		gone++
	}
	if gone > 0 {
		keep := d.queue[:0]
		for _, q := range d.queue {
			if d.questions[q.ID] == q {
				keep = append(keep, q)
			}
		}
		clear(d.queue[len(keep):])
		d.queue = keep
		d.compactSLA()
	}
	d.sweepDrafts(cutoff)
}

// compactSLA renumbers the questions on the desk once fewer than half of
// the SLA index's ordinals are theirs, so that the index holds the working
// set, not every question ever. The queue is in ordinal order (arrivals and
// reopens append to both), so the clocks' start times stay sorted. The
// questions are replaced, not changed: consoles may be drawing them.
func (d *state) compactSLA() {
	x := &d.index.sla
	if len(x.started) < 1024 || 2*len(d.queue) > len(x.started) {
		return
	}
	started := make([]time.Duration, len(d.queue), len(d.queue)+len(d.queue)/4+1)
	var unacked, unanswered fenwick
	for i, q := range d.queue {
		started[i] = x.started[q.ordinal]
		c := *q
		c.ordinal = i
		d.queue[i], d.questions[c.ID] = &c, &c
		if c.State == StateNew {
			unacked.add(i, 1)
		}
		if c.State.Open() {
			unanswered.add(i, 1)
		}
	}
	x.started, x.unacked, x.unanswered = started, unacked, unanswered
}

// archive takes a finished question and everything that finds it out of
// memory. The caller compacts the queue.
func (d *state) archive(q *Question) {
	delete(d.questions, q.ID)
	d.index.countTeam(q, -1) // team tallies are of the working set: recountTeams rebuilds them from it
	if d.dupIndex[duplicateKey(q.Item)] == q.ID {
		delete(d.dupIndex, duplicateKey(q.Item))
	}
	ids := make([]string, 0, 1+len(q.duplicateIDs)+len(q.Thread))
	ids = append(append(append(ids, q.ID), q.duplicateIDs...), q.Thread...)
	for _, id := range ids {
		if it, ok := d.items[id]; ok && it.RemoteID != "" && d.threads.byRemote[it.RemoteID] == q.ID {
			delete(d.threads.byRemote, it.RemoteID)
		}
		delete(d.items, id)
		delete(d.known, id)
		if d.itemOwner[id] == q.ID {
			delete(d.itemOwner, id)
		}
		if d.threads.joined[id] == q.ID {
			delete(d.threads.joined, id)
		}
	}
	for _, r := range q.Replies {
		if dr, ok := d.drafts[r]; ok && dr.RemoteID != "" && d.threads.byRemote[dr.RemoteID] == q.ID {
			delete(d.threads.byRemote, dr.RemoteID)
		}
	}
	if d.threads.lastDM[q.Item.Author] == q.ID {
		delete(d.threads.lastDM, q.Item.Author)
	}
	delete(d.threads.favourited, q.ID)
}

// sweepDrafts drops the finished drafts last changed before cutoff that no
// question on the desk refers to. An appeal's post stays: the appeal is
// resolved, and its post edited or deleted, from it, weeks later maybe.
func (d *state) sweepDrafts(cutoff time.Time) {
	keep := d.draftList[:0]
	for _, dr := range d.draftList {
		if finishedDraft(dr.State) && dr.Updated.Before(cutoff) && d.questions[dr.ReplyTo] == nil && d.appeals[dr.ID] == nil {
			delete(d.drafts, dr.ID)
			continue
		}
		keep = append(keep, dr)
	}
	clear(d.draftList[len(keep):])
	d.draftList = keep
}
