package desk

import (
	"context"
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
// seen), the question itself, and the team's posted replies, oldest first.
func (d *Desk) Thread(id string) []feeds.Item {
	d.mu.RLock()
	defer d.mu.RUnlock()
	q, ok := d.questions[id]
	if !ok {
		return nil
	}
	var chain []feeds.Item
	seen := map[string]bool{}
	for parent := q.Item.InReplyTo; parent != "" && !seen[parent]; {
		seen[parent] = true
		it, ok := d.items[parent]
		if !ok {
			break
		}
		chain = append([]feeds.Item{it}, chain...)
		parent = it.InReplyTo
	}
	chain = append(chain, q.Item)
	for _, id := range q.Replies {
		if dr, ok := d.drafts[id]; ok {
			chain = append(chain, feeds.Item{
				ID: dr.RemoteID, Kind: feeds.KindTeamPost, Author: d.nameOf(dr.Author),
				Text: dr.Text, URL: dr.URL, Created: dr.Updated, Visibility: dr.Visibility,
			})
		}
	}
	return chain
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
	// OldestUnacknowledged is when the oldest question still new arrived; zero if none.
	OldestUnacknowledged time.Time
	// Open counts open questions assigned to each person.
	Open map[string]int
}

// Counts counts the queue.
func (d *Desk) Counts() Counts {
	d.mu.RLock()
	defer d.mu.RUnlock()
	c := Counts{ByState: map[QuestionState]int{}, Open: map[string]int{}}
	for _, q := range d.queue {
		c.ByState[q.State]++
		if q.State.Open() && q.Urgent {
			c.Urgent++
		}
		if q.State == StateNew && (c.OldestUnacknowledged.IsZero() || q.Arrived.Before(c.OldestUnacknowledged)) {
			c.OldestUnacknowledged = q.Arrived
		}
		if q.State == StateAssigned {
			c.Open[q.Assignee]++
		}
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

// SortQuestions orders questions for the Inbound pane: open urgent ones first, then by
// arrival (newest first unless oldestFirst).
func SortQuestions(qs []Question, oldestFirst bool) {
	sort.SliceStable(qs, func(i, j int) bool {
		ui, uj := qs[i].Urgent && qs[i].State.Open(), qs[j].Urgent && qs[j].State.Open()
		if ui != uj {
			return ui
		}
		if oldestFirst {
			return qs[i].seq < qs[j].seq
		}
		return qs[i].seq > qs[j].seq
	})
}

// Known reports whether an item was ever ingested, even if since removed.
func (d *Desk) Known(itemID string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.known[itemID]
}
