package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// Ingest takes a batch of feed events into the desk in one store transaction
// (a group commit): new questions and team posts, edits, duplicates, removals
// and reactions. Events that change nothing (an item seen already, a removal
// of something unknown) are dropped. Health events update the status bar.
//
// While the team is off duty, the batch also stores the auto-acknowledgements
// its new questions get (autoack.go); they are posted once the batch is
// stored, through the same path as any approved draft.
func (d *Desk) Ingest(ctx context.Context, batch []feeds.Event) error {
	if err := d.lock(ctx); err != nil {
		return err
	}
	var (
		err          error
		acks, advice []string
	)
	// Another host may store events between our look and our write; the
	// batch is then rebuilt against the caught-up state.
	for attempt := 0; attempt < 5; attempt++ {
		if acks, advice, err = d.ingestBatch(ctx, batch); !errors.Is(err, ErrConflict) {
			break
		}
	}
	d.unlock()
	if err != nil {
		return err
	}
	d.sendAdvice(ctx, advice)
	d.sendAutoAcks(ctx, acks)
	return nil
}

func (d *Desk) ingestBatch(ctx context.Context, batch []feeds.Event) (acks, advice []string, err error) {
	// pending mirrors what this batch adds, so that duplicates and removals
	// within one batch are seen before the batch is stored.
	pending := newBatchView(d)
	var evs []Event
	for _, fe := range batch {
		ev, ok, err := d.ingestOne(fe, pending)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			evs = append(evs, ev)
		}
	}
	if len(evs) == 0 {
		return nil, nil, nil
	}
	acks, advice, replies, err := d.planAutoAcks(evs)
	if err != nil {
		return nil, nil, err
	}
	evs = append(evs, replies...)
	if err := d.commit(ctx, evs...); err != nil {
		return nil, nil, fmt.Errorf("store %d arrivals: %w", len(evs), err)
	}
	return acks, advice, nil
}

// batchView is the desk as it will be once the batch is stored.
type batchView struct {
	d       *Desk
	items   map[string]feeds.Item
	owner   map[string]string
	dup     map[string]string
	removed map[string]bool
}

func newBatchView(d *Desk) *batchView {
	return &batchView{d: d, items: map[string]feeds.Item{}, owner: map[string]string{}, dup: map[string]string{}, removed: map[string]bool{}}
}

func (b *batchView) item(id string) (feeds.Item, bool) {
	if b.removed[id] {
		return feeds.Item{}, false
	}
	if it, ok := b.items[id]; ok {
		return it, true
	}
	it, ok := b.d.items[id]
	return it, ok
}

func (b *batchView) owned(id string) bool {
	if b.removed[id] {
		return false
	}
	if _, ok := b.owner[id]; ok {
		return true
	}
	_, ok := b.d.itemOwner[id]
	return ok
}

func (b *batchView) duplicateOf(key string) (string, bool) {
	if q, ok := b.dup[key]; ok {
		return q, !b.removed[q]
	}
	q, ok := b.d.dupIndex[key]
	if ok && b.removed[q] {
		return "", false
	}
	return q, ok
}

func (d *Desk) ingestOne(fe feeds.Event, b *batchView) (Event, bool, error) {
	switch fe.Type {
	case feeds.EventHealth:
		// The feed's words only: the error behind them (Go's, with the
		// server's address) is for the log, not the screen.
		cond := feeds.SafeLine(fe.Health)
		if cond == "" && fe.Err != nil {
			cond = "failing"
		}
		d.health[healthSource(fe)] = cond
		d.notify()
		return Event{}, false, nil
	case feeds.EventReaction:
		if _, ok := b.item(fe.Item.ID); !ok {
			return Event{}, false, nil
		}
		ev, err := d.event(EvReaction, SystemActor, reactionPayload{ItemID: fe.Item.ID, Reaction: fe.Reaction})
		return ev, err == nil, err
	case feeds.EventDelete:
		if _, ok := b.item(fe.Item.ID); !ok && !b.owned(fe.Item.ID) {
			return Event{}, false, nil
		}
		b.removed[fe.Item.ID] = true
		ev, err := d.event(EvItemRemoved, SystemActor, removedPayload{ItemID: fe.Item.ID})
		return ev, err == nil, err
	case feeds.EventUpsert:
	default:
		return Event{}, false, nil
	}
	it := fe.Item
	if old, ok := b.item(it.ID); ok {
		if old.Text == it.Text {
			return Event{}, false, nil
		}
		b.items[it.ID] = it
		ev, err := d.event(EvItemEdited, SystemActor, itemPayload{Item: itemRecord(it)})
		return ev, err == nil, err
	}
	if b.owned(it.ID) {
		return Event{}, false, nil // a duplicate already counted
	}
	if it.Kind.Inbound() {
		if ev, ok, err := d.ingestInThread(it, b); ok || err != nil {
			return ev, ok, err
		}
		key := duplicateKey(it)
		if q, ok := b.duplicateOf(key); ok {
			b.owner[it.ID] = q
			ev, err := d.event(EvDuplicateArrived, SystemActor, duplicatePayload{Question: q, Item: itemRecord(it)})
			return ev, err == nil, err
		}
		b.dup[key] = it.ID
		b.owner[it.ID] = it.ID
	}
	b.items[it.ID] = it
	team := d.teamOfSource(it.Source)
	p := itemPayload{Item: itemRecord(it), OffDuty: it.Kind.Inbound() && !d.dutyOf(team).On, Team: d.storedTeam(team)}
	if it.Kind.Inbound() {
		u := d.classify(it.Text)
		if u.Level != risk.Routine {
			p.Level = u.Level.String()
		}
		p.Urgent, p.UrgencyReason, p.Signals = u.Level == risk.Urgent, u.Reason, u.Signals
	}
	ev, err := d.event(EvItemArrived, SystemActor, p)
	return ev, err == nil, err
}

func healthSource(fe feeds.Event) string {
	if fe.Item.Source != "" {
		return fe.Item.Source
	}
	return "feed"
}
