package desk

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Questions returns every question still on the desk, in arrival order.
func (d *Desk) Questions() []Question {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Question, len(d.queue))
	for i, q := range d.queue {
		out[i] = *q
	}
	return out
}

// Question returns one question.
func (d *Desk) Question(id string) (Question, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	q, ok := d.questions[id]
	if !ok {
		return Question{}, false
	}
	return *q, true
}

// Thread returns what a question answers (its ancestors that the desk has
// seen), the question itself, then the messages that joined it later (its
// author's follow-ups, other people's remarks) and the team's posted
// replies, oldest first.
func (d *Desk) Thread(id string) []feeds.Item {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.thread(id)
}

// thread is Thread on the folded state.
func (d *state) thread(id string) []feeds.Item {
	q, ok := d.questions[id]
	if !ok {
		return nil
	}
	first, ok := d.items[q.ID]
	if !ok {
		first = q.Item
	}
	var chain []feeds.Item
	seen := map[string]bool{}
	for parent := first.InReplyTo; parent != "" && !seen[parent]; {
		seen[parent] = true
		it, ok := d.items[parent]
		if !ok {
			break
		}
		chain = append([]feeds.Item{it}, chain...)
		parent = it.InReplyTo
	}
	chain = append(chain, first)
	var later []feeds.Item
	for _, id := range q.Thread {
		if it, ok := d.items[id]; ok {
			later = append(later, it)
		}
	}
	replies := q.Replies
	if q.Advice != "" {
		replies = append([]string{q.Advice}, replies...)
	}
	for _, id := range replies {
		if dr, ok := d.drafts[id]; ok && (dr.State == DraftPosted || dr.Kind != DraftAdvice) {
			later = append(later, feeds.Item{
				ID: dr.RemoteID, Kind: feeds.KindTeamPost, Author: d.nameOf(dr.Author),
				Text: dr.Text, URL: dr.URL, Created: dr.Updated, Visibility: dr.Visibility,
			})
		}
	}
	sort.SliceStable(later, func(i, j int) bool { return later[i].Created.Before(later[j].Created) })
	return append(chain, later...)
}

// TeamFeed returns the team's own posts, oldest first.
func (d *Desk) TeamFeed() []feeds.Item {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]feeds.Item, 0, len(d.feed))
	for _, id := range d.feed {
		out = append(out, d.items[id])
	}
	return out
}

// Reactions counts favourites and boosts on a team post.
func (d *Desk) Reactions(itemID string) int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.reactions[itemID]
}

// Drafts returns every draft, oldest first.
func (d *Desk) Drafts() []Draft {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Draft, len(d.draftList))
	for i, dr := range d.draftList {
		out[i] = *dr
	}
	return out
}

// Draft returns one draft.
func (d *Desk) Draft(id string) (Draft, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	dr, ok := d.drafts[id]
	if !ok {
		return Draft{}, false
	}
	return *dr, true
}

// People returns the roster in configured order.
func (d *Desk) People() []Person {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Person, 0, len(d.order))
	for _, id := range d.order {
		out = append(out, *d.people[id])
	}
	return out
}

// Person returns one person.
func (d *Desk) Person(id string) (Person, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	p, ok := d.people[id]
	if !ok {
		return Person{}, false
	}
	return *p, true
}

// NameOf is a person's name on the roster, or id for someone not on it.
func (d *Desk) NameOf(id string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.nameOf(id)
}

// Duty returns the team's duty state.
func (d *Desk) Duty() Duty {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.duty
}

// Counts summarises the queue for the status bar.
type Counts struct {
	ByState map[QuestionState]int
	Urgent  int // open and urgent
	// Possible counts open questions at the possible level: "check now".
	Possible int
	// OldestUnacknowledged is when the oldest question still new arrived; zero if none.
	OldestUnacknowledged time.Time
	// Open counts open questions assigned to each person.
	Open map[string]int
}

// Counts counts the queue, from the index kept as events apply.
func (d *Desk) Counts() Counts {
	d.mu.RLock()
	defer d.mu.RUnlock()
	c := d.index.counts()
	if q := d.oldestUnacked(); q != nil {
		c.OldestUnacknowledged = q.Arrived
	}
	return c
}

// Events returns stored events after seq, for the audit view and reports.
func (d *Desk) Events(after int64) ([]Event, error) {
	var out []Event
	err := d.store.Replay(context.Background(), after, func(ev Event) error {
		out = append(out, ev)
		return nil
	})
	return out, err
}

// Known reports whether an item was ever ingested, even if since removed
// or archived (a question's first item: the store is asked).
func (d *Desk) Known(itemID string) bool {
	d.mu.RLock()
	known := d.known[itemID]
	d.mu.RUnlock()
	if known {
		return true
	}
	ss, ok := d.store.(SearchStore)
	if !ok {
		return false
	}
	errFound := errors.New("found")
	err := ss.SubjectEvents(context.Background(), []string{itemID}, func(ev Event) error {
		if ev.Type == EvItemArrived {
			return errFound
		}
		return nil
	})
	return errors.Is(err, errFound)
}
