package desk

import (
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// Conversations that reopen. When the author of an answered or closed
// question writes again in its thread (or sends another direct message
// within Options.ReopenWithin), the message joins that question instead of
// becoming a new row: a thank-you closes it, anything else reopens it as new
// with the message on top, its SLA clock restarted and its answerer told.
// Other people's replies in the thread join it as remarks unless they ask
// something, when they stay questions of their own.

const (
	// EvFollowUp: the author of a question wrote again in its thread.
	EvFollowUp EventType = "question.follow_up"
	// EvThreadReply: someone else remarked in a question's thread, asking nothing.
	EvThreadReply EventType = "question.thread_reply"
)

// DefaultReopenWithin is how long after a direct-message question was
// answered or closed another direct message from its author still joins it.
const DefaultReopenWithin = 72 * time.Hour

// threadIndex finds the question a reply belongs to.
type threadIndex struct {
	byRemote map[string]string // server ID of a question or a team reply to it → question ID
	joined   map[string]string // item ID of a follow-up or remark → question ID
	lastDM   map[string]string // author → their latest direct-message question
	told     map[string]int    // person → how many of their answered questions reopened
	toldLast map[string]string // person → the last of them
	// favourited is when each question was favourited as its public
	// acknowledgement (acknowledge.go).
	favourited map[string]time.Time
}

func (x *threadIndex) init() {
	if x.byRemote == nil {
		x.byRemote, x.joined, x.lastDM = map[string]string{}, map[string]string{}, map[string]string{}
		x.told, x.toldLast = map[string]int{}, map[string]string{}
		x.favourited = map[string]time.Time{}
	}
}

// noteArrival indexes a new question. The caller holds d.mu.
func (d *state) noteArrival(q *Question) {
	d.threads.init()
	if q.Item.RemoteID != "" {
		d.threads.byRemote[q.Item.RemoteID] = q.ID
	}
	if q.Item.Kind == feeds.KindDirect {
		d.threads.lastDM[q.Item.Author] = q.ID
	}
}

// notePosted indexes a posted reply, so that answers to it find their
// question. The caller holds d.mu.
func (d *state) notePosted(ev Event) {
	if ev.Type != EvPosted {
		return
	}
	p, err := decode[postedPayload](ev)
	if err != nil || p.RemoteID == "" {
		return
	}
	if dr, ok := d.drafts[p.Draft]; ok && dr.ReplyTo != "" {
		d.threads.init()
		d.threads.byRemote[p.RemoteID] = dr.ReplyTo
	}
}

// threadOf finds the question whose thread an item replies into: walking up
// its InReplyTo chain through the questions, their joined messages and the
// team's posted replies. An item ID unknown to the desk is matched by its
// last segment, the server's own ID ("mastodon:host/1099…" → "1099…").
func (d *Desk) threadOf(it feeds.Item, b *batchView) (*Question, bool) {
	d.threads.init()
	parent := it.InReplyTo
	for hop := 0; parent != "" && hop < 16; hop++ {
		if id, ok := b.owner[parent]; ok {
			q, ok := d.questions[id]
			return q, ok
		}
		if id, ok := d.itemOwner[parent]; ok {
			q, ok := d.questions[id]
			return q, ok
		}
		if id, ok := d.threads.joined[parent]; ok {
			q, ok := d.questions[id]
			return q, ok
		}
		p, known := b.item(parent)
		remote := p.RemoteID
		if !known {
			remote = parent[strings.LastIndexAny(parent, "/:")+1:]
		}
		if id, ok := d.threads.byRemote[remote]; ok && remote != "" {
			q, ok := d.questions[id]
			return q, ok
		}
		if !known {
			return nil, false
		}
		parent = p.InReplyTo
	}
	return nil, false
}

// ingestInThread decides whether an inbound item joins an existing question
// (a follow-up from its author, or a remark from someone else in its
// thread) and returns the event if so. The caller holds d.mu.
func (d *Desk) ingestInThread(it feeds.Item, b *batchView) (Event, bool, error) {
	q, inThread := d.threadOf(it, b)
	if !inThread && it.Kind == feeds.KindDirect {
		q, inThread = d.recentDM(it)
	}
	if !inThread || q == nil {
		return Event{}, false, nil
	}
	// Anything the urgency check does not call routine (urgent, possibly
	// urgent, a crime report) is a question of its own, with its level,
	// its advice and the alarm: it never hides in an old thread.
	if d.classify(it.Text).Level != risk.Routine {
		return Event{}, false, nil
	}
	if it.Author != q.Item.Author {
		if d.asks(it.Text) {
			return Event{}, false, nil // a question of its own
		}
		b.items[it.ID] = it
		ev, err := d.event(EvThreadReply, SystemActor, threadPayload{Question: q.ID, Item: itemRecord(it)})
		return ev, err == nil, err
	}
	if q.State != StateAnswered && q.State != StateClosed {
		return Event{}, false, nil
	}
	p := threadPayload{Question: q.ID, Item: itemRecord(it), Answerer: d.answerer(q)}
	if d.opts.Reply != nil {
		p.Thanks, p.Reason = d.opts.Reply(it.Text)
	}
	b.items[it.ID] = it
	ev, err := d.event(EvFollowUp, SystemActor, p)
	return ev, err == nil, err
}

// recentDM finds the author's last direct-message question if it was
// answered or closed within the reopen window.
func (d *Desk) recentDM(it feeds.Item) (*Question, bool) {
	q, ok := d.questions[d.threads.lastDM[it.Author]]
	if !ok || (q.State != StateAnswered && q.State != StateClosed) {
		return nil, false
	}
	at := it.Created
	if at.IsZero() {
		at = d.opts.Now()
	}
	within := d.opts.ReopenWithin
	if within <= 0 {
		within = DefaultReopenWithin
	}
	return q, at.Sub(q.StateSince) <= within
}

func (d *Desk) asks(text string) bool {
	if d.opts.Asks != nil {
		return d.opts.Asks(text)
	}
	return strings.Contains(text, "?")
}

// answerer is who answered the question: the author of its last posted
// reply, else whoever it was assigned to.
func (d *Desk) answerer(q *Question) string {
	for i := len(q.Replies) - 1; i >= 0; i-- {
		if dr, ok := d.drafts[q.Replies[i]]; ok && dr.Author != "" && dr.Author != SystemActor {
			return dr.Author
		}
	}
	return q.Assignee
}

// applyThread folds EvFollowUp and EvThreadReply. The caller holds d.mu.
func (d *state) applyThread(ev Event) error {
	p, err := decode[threadPayload](ev)
	if err != nil {
		return err
	}
	d.threads.init()
	it := feeds.Item(p.Item)
	d.items[it.ID] = it
	d.known[p.Item.ID] = true
	old, ok := d.questions[p.Question]
	if !ok {
		return nil // removed since; the event stays in the audit trail
	}
	d.threads.joined[p.Item.ID] = old.ID
	if p.Item.RemoteID != "" {
		d.threads.byRemote[p.Item.RemoteID] = old.ID
	}
	if ev.Type == EvThreadReply {
		d.mutate(old.ID, func(q *Question) { q.Thread = append(q.Thread[:len(q.Thread):len(q.Thread)], p.Item.ID) })
		return nil
	}
	finished := old.State == StateAnswered || old.State == StateClosed
	switch {
	case finished && p.Thanks:
		d.mutate(old.ID, func(q *Question) {
			q.Thread = append(q.Thread[:len(q.Thread):len(q.Thread)], p.Item.ID)
			if q.State != StateClosed {
				q.State, q.StateSince = StateClosed, ev.At
			}
			q.ClaimedBy = ""
		})
	case finished:
		d.reopen(old, ev, p)
	default:
		// Still open (two follow-ups in one batch): the newest goes on top.
		d.mutate(old.ID, func(q *Question) {
			q.Thread = append(q.Thread[:len(q.Thread):len(q.Thread)], p.Item.ID)
			d.replaceKey(q, feeds.Item(p.Item))
		})
	}
	return nil
}

// reopen makes a finished question new again with the follow-up on top: it
// moves to the end of the queue as if it had just arrived, and its SLA clock
// starts again from now.
func (d *state) reopen(old *Question, ev Event, p threadPayload) {
	q := *old
	q.Thread = append(q.Thread[:len(q.Thread):len(q.Thread)], p.Item.ID)
	d.replaceKey(&q, feeds.Item(p.Item))
	q.State, q.StateSince, q.Arrived = StateNew, ev.At, ev.At
	q.Acknowledged, q.Answered = time.Time{}, time.Time{}
	q.Assignee, q.ClaimedBy = "", ""
	q.Reopens++
	q.ReopenedFor = p.Answerer
	q.seq = ev.Seq
	q.ordinal = len(d.index.sla.started)
	d.index.sla.arrive(d.clock.elapsed(ev.At))
	d.index.count(old, -1)
	d.index.count(&q, +1)
	d.questions[q.ID] = &q
	if i := d.queuePos(old.seq); i >= 0 {
		d.queue = append(d.queue[:i:i], d.queue[i+1:]...)
	}
	d.queue = append(d.queue, &q)
	d.index.unacked = append(d.index.unacked, q.ID)
	if p.Answerer != "" {
		d.threads.told[p.Answerer]++
		d.threads.toldLast[p.Answerer] = q.ID
	}
}

// Reopened tells a person how many of the questions they answered have
// reopened since the desk started (replay included), and which was last, so
// that a console can tell its person when the count goes up.
func (d *Desk) Reopened(person string) (n int, last Question) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	n = d.threads.told[person]
	if q, ok := d.questions[d.threads.toldLast[person]]; ok {
		last = *q
	}
	return n, last
}

// replaceKey puts it on top of the question: the row shows it, a reply
// answers it, and the same words again count as a duplicate of it.
func (d *state) replaceKey(q *Question, it feeds.Item) {
	if d.dupIndex[duplicateKey(q.Item)] == q.ID {
		delete(d.dupIndex, duplicateKey(q.Item))
	}
	q.Item, q.folded = it, fold(it)
	d.dupIndex[duplicateKey(it)] = q.ID
}

// threadItemChanged keeps a question's top message in step with an edit or
// removal of a joined message. The caller holds d.mu.
func (d *state) threadItemChanged(id string, removed bool) {
	qid, ok := d.threads.joined[id]
	if !ok {
		return
	}
	if _, ok := d.questions[qid]; !ok {
		return
	}
	if removed {
		delete(d.threads.joined, id)
	}
	d.mutate(qid, func(q *Question) {
		if removed {
			keep := make([]string, 0, len(q.Thread))
			for _, t := range q.Thread {
				if t != id {
					keep = append(keep, t)
				}
			}
			q.Thread = keep
		}
		if q.Item.ID != id {
			return
		}
		top, ok := d.items[q.ID]
		for i := len(q.Thread) - 1; i >= 0; i-- {
			if it, found := d.items[q.Thread[i]]; found && it.Author == top.Author {
				top, ok = it, true
				break
			}
		}
		if ok {
			d.replaceKey(q, top)
		}
	})
}
