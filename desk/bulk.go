package desk

import (
	"container/heap"
	"context"
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// BulkHistory appends to an empty store a made-up history of at least n
// events, fast, for benchmarks of a desk with years behind it: questions
// arriving perHour an hour from start, each assigned to assignee after five
// minutes, answered by a posted reply after half an hour and closed after
// two hours — six events a question, in time order, through the store's
// own Append in large batches, so the hash chain and the search index are
// the ones a desk writes. It returns the last event's time.
func BulkHistory(ctx context.Context, st Store, n int, start time.Time, perHour int, assignee string) (time.Time, error) {
	if perHour <= 0 {
		perHour = 60
	}
	gap := time.Hour / time.Duration(perHour)
	var (
		pending bulkQueue
		batch   []Event
		after   int64
		last    time.Time
		emitted int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		stored, err := st.Append(ctx, after, batch)
		if err != nil {
			return fmt.Errorf("bulk history at event %d: %w", after, err)
		}
		after = stored[len(stored)-1].Seq
		batch = batch[:0]
		return nil
	}
	emit := func(at time.Time, t EventType, actor string, payload any) error {
		ev, err := newEvent(t, actor, at.UTC(), payload)
		if err != nil {
			return err
		}
		batch = append(batch, ev)
		emitted++
		last = at
		if len(batch) == 8192 {
			return flush()
		}
		return nil
	}
	drain := func(until time.Time) error {
		for len(pending) > 0 && !pending[0].at.After(until) {
			p := heap.Pop(&pending).(bulkEvent)
			if err := emit(p.at, p.typ, p.actor, p.payload); err != nil {
				return err
			}
		}
		return nil
	}
	texts := []string{"Is the A595 still closed near Bothel?", "When is the next surgery in Wigton?", "Lost dog near the park, brown spaniel",
		"Bike stolen from outside the library", "Loud party on Warwick Rd again", "Ydy'r ffordd ar gau ger Bothel?"}
	for i := 0; emitted < n; i++ {
		at := start.Add(time.Duration(i) * gap)
		if err := drain(at); err != nil {
			return last, err
		}
		id, draft := fmt.Sprintf("h%d", i), fmt.Sprintf("hd%d", i)
		author := fmt.Sprintf("@p%d@m.example", i%5000)
		it := itemRecord{ID: id, Source: "bulk", Kind: feeds.KindMention, Author: author, AuthorName: author[1:],
			Text: fmt.Sprintf("%s (%d)", texts[i%len(texts)], i), Visibility: feeds.VisibilityPublic, Created: at.UTC(), RemoteID: "r" + id}
		if err := emit(at, EvItemArrived, SystemActor, itemPayload{Item: it}); err != nil {
			return last, err
		}
		for _, p := range []bulkEvent{
			{at.Add(5 * time.Minute), EvAssigned, assignee, questionPayload{Question: id, Assignee: assignee}},
			{at.Add(30 * time.Minute), EvDrafted, assignee, draftCreatedPayload{Draft: draft, Kind: DraftReply, Text: "Thanks, we are looking into it.", ReplyTo: id, Visibility: feeds.VisibilityPublic}},
			{at.Add(30*time.Minute + time.Second), EvPosted, assignee, postedPayload{Draft: draft, RemoteID: "r" + draft}},
			{at.Add(30*time.Minute + 2*time.Second), EvAnswered, assignee, questionPayload{Question: id, Draft: draft}},
			{at.Add(2 * time.Hour), EvClosed, assignee, questionPayload{Question: id}},
		} {
			heap.Push(&pending, p)
		}
	}
	if err := drain(last.Add(24 * time.Hour)); err != nil {
		return last, err
	}
	return last, flush()
}

// bulkEvent is an event BulkHistory has yet to write; bulkQueue orders them
// by time, first pushed first among equals.
type (
	bulkEvent struct {
		at      time.Time
		typ     EventType
		actor   string
		payload any
	}
	bulkQueue []bulkEvent
)

func (q bulkQueue) Len() int           { return len(q) }
func (q bulkQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q bulkQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *bulkQueue) Push(x any)        { *q = append(*q, x.(bulkEvent)) }
func (q *bulkQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
