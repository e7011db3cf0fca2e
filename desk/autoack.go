package desk

import (
	"context"
	"fmt"
	"sync"
	"time"
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

// defaultAutoReplyPerMinute caps auto-acknowledgements when Options leave it 0.
const defaultAutoReplyPerMinute = 30

// planAutoAcks returns the events that draft and approve the
// auto-acknowledgements for the arrivals among evs, and the drafts' IDs.
// The caller holds d.mu.
func (d *Desk) planAutoAcks(evs []Event) ([]string, []Event, error) {
	// Only in an off-duty period someone declared (and broadcast): a desk
	// never yet put on duty has told the public nothing to reply to.
	if d.opts.AutoReply == nil || d.duty.On || d.duty.At.IsZero() {
		return nil, nil, nil
	}
	limit := d.opts.AutoReplyPerMinute
	if limit <= 0 {
		limit = defaultAutoReplyPerMinute
	}
	now := d.opts.Now()
	recent := 0
	for _, t := range d.ackTimes {
		if t.After(now.Add(-time.Minute)) {
			recent++
		}
	}
	var (
		ids     []string
		out     []Event
		planned = map[string]bool{}
		skipped int
		blocked string
	)
	for _, ev := range evs {
		if ev.Type != EvItemArrived {
			continue
		}
		p, err := decode[itemPayload](ev)
		if err != nil {
			return nil, nil, err
		}
		it := p.Item
		if !it.Kind.Inbound() || !p.OffDuty || p.Urgent || d.autoAcked[it.Author] || planned[it.Author] {
			continue
		}
		if recent+len(ids) >= limit {
			skipped++
			continue
		}
		text := withMention(it.Author, d.render(d.opts.AutoReply, false, ""))
		findings := d.check(text)
		if countSeverity(findings, SeverityBlock) > 0 {
			blocked = reasons(findings)
			continue
		}
		id := newDraftID()
		drafted, err := d.event(EvDrafted, SystemActor, draftPayload{
			Draft: id, Kind: DraftAutoAck, Text: text, ReplyTo: it.ID,
			Visibility: replyVisibility(it.Visibility), Findings: findings,
		})
		if err != nil {
			return nil, nil, err
		}
		approved, err := d.event(EvApproved, SystemActor, draftPayload{Draft: id, Reason: "off-duty auto-acknowledgement"})
		if err != nil {
			return nil, nil, err
		}
		planned[it.Author] = true
		ids = append(ids, id)
		out = append(out, drafted, approved)
	}
	switch {
	case blocked != "":
		d.health["auto-ack"] = "not sent: the risk check blocks [duty] auto_reply (" + blocked + ")"
	case skipped > 0:
		d.health["auto-ack"] = fmt.Sprintf("rate limit of %d a minute reached: %d not sent", limit, skipped)
	}
	return ids, out, nil
}

// noteAutoAck remembers an auto-acknowledgement as its draft is applied:
// its author is answered for this off-duty period, and it counts towards
// the rate limit. The caller holds d.mu.
func (d *Desk) noteAutoAck(dr *Draft) {
	if q, ok := d.questions[dr.ReplyTo]; ok {
		d.autoAcked[q.Item.Author] = true
	}
	cut := 0
	for cut < len(d.ackTimes) && d.ackTimes[cut].Before(dr.Created.Add(-time.Minute)) {
		cut++
	}
	d.ackTimes = append(d.ackTimes[cut:], dr.Created)
}

// sendAutoAcks queues auto-acknowledgements just stored for posting in the
// background: Ingest must not wait on the network, or a slow or
// rate-limiting server would stop new questions — urgent ones too — from
// reaching the consoles. One sender drains the queue in order; a failure
// leaves the draft approved for ResumePosting and shows in the status bar.
func (d *Desk) sendAutoAcks(ctx context.Context, ids []string) {
	if d.opts.Poster == nil || len(ids) == 0 {
		return
	}
	d.acks.mu.Lock()
	d.acks.queue = append(d.acks.queue, ids...)
	start := !d.acks.busy
	d.acks.busy = true
	if start {
		d.acks.idle.Add(1)
	}
	d.acks.mu.Unlock()
	if start {
		go d.drainAutoAcks(context.WithoutCancel(ctx))
	}
}

// autoAckQueue is the auto-acknowledgements waiting for the sender.
type autoAckQueue struct {
	mu    sync.Mutex
	queue []string
	busy  bool
	idle  sync.WaitGroup // done when the sender has emptied the queue
}

func (d *Desk) drainAutoAcks(ctx context.Context) {
	defer d.acks.idle.Done()
	for {
		d.acks.mu.Lock()
		if len(d.acks.queue) == 0 {
			d.acks.busy = false
			d.acks.mu.Unlock()
			return
		}
		id := d.acks.queue[0]
		d.acks.queue = d.acks.queue[1:]
		d.acks.mu.Unlock()
		if err := d.post(ctx, SystemActor, id); err != nil {
			d.SetHealth("auto-ack", err.Error())
		}
	}
}

// waitAutoAcks returns once every queued auto-acknowledgement was tried.
func (d *Desk) waitAutoAcks() { d.acks.idle.Wait() }
