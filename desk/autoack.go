package desk

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// The off-duty auto-acknowledgement. While the team is off duty (once a
// supervisor has put it off duty), each new
// question gets the configured reply, once per person per off-duty period,
// never for an urgent question (that raises the alarm in every console
// instead). The decision is made while the arrival is being stored and is
// stored with it, in the same transaction: so it is made exactly once,
// whatever the number of consoles and hosts, and a restart finds it. The
// reply is then posted like any approved draft, its draft ID the
// idempotency key; one left unposted by a crash is posted by ResumePosting.
// The per-minute cap paces the sending, it never drops a reply: beyond it
// the replies wait their turn, so nobody is left without an answer.

// defaultAutoReplyPerMinute caps auto-acknowledgements when Options leave it 0.
const defaultAutoReplyPerMinute = 30

// planAutoAcks returns the events that draft and approve the automatic
// replies for the arrivals among evs — auto-acknowledgements for routine
// questions, emergency advice for urgent and possible ones (advice.go) —
// and the drafts' IDs, advice apart so that it is sent first.
// The caller holds d.mu.
func (d *Desk) planAutoAcks(evs []Event) (acks, advice []string, out []Event, err error) {
	var (
		planned = map[string]bool{}
		blocked string
	)
	for _, ev := range evs {
		if ev.Type != EvItemArrived {
			continue
		}
		p, err := decode[itemPayload](ev)
		if err != nil {
			return nil, nil, nil, err
		}
		it := feeds.Item(p.Item)
		// Only in an off-duty period the item's team declared (and
		// broadcast): a team never yet put on duty has told the public
		// nothing to reply to.
		team := d.team(d.teamID(p.Team))
		if duty := d.dutyOf(team.ID); duty.On || duty.At.IsZero() {
			continue
		}
		if !it.Kind.Inbound() || !p.OffDuty || hasSignal(p.Signals, risk.SignalNoReply) {
			continue // a sender who asked for no reply gets none
		}
		if storedLevel(p.Level, p.Urgent).Flagged() {
			id, evs, err := d.planAdvice(team, it, p.Signals)
			if err != nil {
				return nil, nil, nil, err
			}
			advice = append(advice, id)
			out = append(out, evs...)
			continue
		}
		key := autoAckKey(team.ID, d.defaultTeam, it.Author)
		if team.AutoReply == nil || d.autoAcked[key] || planned[key] {
			continue
		}
		text := withMention(it.Author, d.render(team, team.AutoReply, false, ""))
		findings := d.check(text)
		if countSeverity(findings, SeverityBlock) > 0 {
			blocked = reasons(findings)
			continue
		}
		id := newDraftID()
		drafted, approved, err := d.systemDraft(draftCreatedPayload{
			Draft: id, Kind: DraftAutoAck, Text: text, ReplyTo: it.ID, Account: d.replyAccount(team),
			Visibility: replyVisibility(it.Visibility), Findings: findings,
		}, "off-duty auto-acknowledgement")
		if err != nil {
			return nil, nil, nil, err
		}
		planned[key] = true
		acks = append(acks, id)
		out = append(out, drafted, approved)
	}
	if blocked != "" {
		d.health["auto-ack"] = "not sent: the risk check blocks [duty] auto_reply (" + blocked + ")"
	}
	return acks, advice, out, nil
}

// systemDraft returns the events that store a draft the desk writes itself
// and approve it for posting. The caller holds d.mu.
func (d *Desk) systemDraft(p draftCreatedPayload, why string) (drafted, approved Event, err error) {
	if drafted, err = d.event(EvDrafted, SystemActor, p); err != nil {
		return
	}
	approved, err = d.event(EvApproved, SystemActor, draftDecisionPayload{Draft: p.Draft, Reason: why})
	return
}

// noteAutoAck remembers an auto-acknowledgement as its draft is applied:
// its author is answered for this off-duty period. The caller holds d.mu.
func (d *state) noteAutoAck(dr *Draft) {
	if q, ok := d.questions[dr.ReplyTo]; ok {
		d.autoAcked[autoAckKey(q.Team, d.defaultTeam, q.Item.Author)] = true
	}
}

// sendAutoAcks queues auto-acknowledgements for posting in the background:
// Ingest must not wait on the network, or a slow or rate-limiting server
// would stop new questions — urgent ones too — from reaching the consoles.
// One sender drains the queue in order, at most AutoReplyPerMinute a minute;
// beyond that it stops, says so in the status bar, and a timer starts it
// again when the minute has passed. A failure leaves the draft approved for
// ResumePosting. With no ids it only restarts a paused sender.
func (d *Desk) sendAutoAcks(ctx context.Context, ids []string) { d.queueReplies(ctx, ids, false) }

// sendAdvice queues emergency advice: it goes before any waiting
// auto-acknowledgement and is never held back by the per-minute cap.
func (d *Desk) sendAdvice(ctx context.Context, ids []string) { d.queueReplies(ctx, ids, true) }

func (d *Desk) queueReplies(ctx context.Context, ids []string, urgent bool) {
	if d.opts.Poster == nil {
		return
	}
	q := &d.acks
	q.mu.Lock()
	if q.queued == nil {
		q.queued = map[string]bool{}
	}
	for _, id := range ids {
		if q.queued[id] {
			continue
		}
		q.queued[id] = true
		if urgent {
			q.urgent = append(q.urgent, id)
		} else {
			q.queue = append(q.queue, id)
		}
	}
	start := !q.busy && len(q.queue)+len(q.urgent) > 0 && d.life.start()
	if start {
		q.busy = true
		q.running++
	}
	q.mu.Unlock()
	if start {
		ctx, cancel := d.life.bound(ctx)
		go func() {
			defer d.life.done()
			defer cancel()
			d.drainAutoAcks(ctx)
		}()
	}
}

// autoAckQueue is the auto-acknowledgements waiting for the sender.
type autoAckQueue struct {
	mu     sync.Mutex
	urgent []string // emergency advice, sent first and not paced
	queue  []string
	queued map[string]bool // in urgent or queue, so a draft is never queued twice
	sent   []time.Time     // desk-clock times of the sends in the last minute
	tries  map[string]int  // failed sends of each emergency advice
	busy   bool
	// running counts senders not yet returned (one, but for an instant
	// two, as one hands over); idle is signalled when it falls to zero.
	running int
	idle    *sync.Cond
}

func (d *Desk) drainAutoAcks(ctx context.Context) {
	q := &d.acks
	defer func() {
		q.mu.Lock()
		q.running--
		if q.running == 0 && q.idle != nil {
			q.idle.Broadcast()
		}
		q.mu.Unlock()
	}()
	limit := d.opts.AutoReplyPerMinute
	if limit <= 0 {
		limit = defaultAutoReplyPerMinute
	}
	for {
		q.mu.Lock()
		if ctx.Err() != nil {
			// Shut down: what is left stays approved for ResumePosting.
			q.busy = false
			q.mu.Unlock()
			return
		}
		if len(q.urgent) > 0 {
			id := q.urgent[0]
			q.urgent = q.urgent[1:]
			q.sent = append(q.sent, d.opts.Now())
			q.mu.Unlock()
			err := d.post(ctx, SystemActor, id)
			d.unqueue(id)
			if err != nil {
				d.retryAdvice(ctx, id, err)
			} else if d.adviceRetried(id) {
				d.SetHealth("advice", "")
			}
			continue
		}
		if len(q.queue) == 0 {
			q.busy = false
			q.mu.Unlock()
			d.SetHealth("auto-ack", "")
			return
		}
		now := d.opts.Now()
		for len(q.sent) > 0 && !q.sent[0].After(now.Add(-time.Minute)) {
			q.sent = q.sent[1:]
		}
		if len(q.sent) >= limit {
			wait := q.sent[0].Add(time.Minute).Sub(now)
			waiting := len(q.queue)
			q.busy = false
			q.mu.Unlock()
			d.SetHealth("auto-ack", fmt.Sprintf("rate limit of %d a minute: %d waiting their turn", limit, waiting))
			time.AfterFunc(wait, func() { d.sendAutoAcks(ctx, nil) })
			return
		}
		id := q.queue[0]
		q.queue = q.queue[1:]
		q.sent = append(q.sent, now)
		q.mu.Unlock()
		err := d.post(ctx, SystemActor, id)
		d.unqueue(id)
		if err != nil {
			d.SetHealth("auto-ack", err.Error())
		}
	}
}

// unqueue lets a sent (or failed) reply be queued again. Until its post has
// been stored it stays queued, so that ResumePosting, reading the desk while
// the post is on its way to the store, does not queue it a second time.
func (d *Desk) unqueue(id string) {
	d.acks.mu.Lock()
	delete(d.acks.queued, id)
	d.acks.mu.Unlock()
}

// waitAutoAcks returns once the sender has stopped: the queue is empty or
// waiting for the rate limit (or a failed advice for its retry). A sender a
// timer starts meanwhile is waited for too if it started first.
func (d *Desk) waitAutoAcks() {
	q := &d.acks
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.idle == nil {
		q.idle = sync.NewCond(&q.mu)
	}
	for q.running > 0 {
		q.idle.Wait()
	}
}
