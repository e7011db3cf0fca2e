package desk

import (
	"sort"

	"github.com/dutydesk/dutydesk/risk"
)

// queueIndex keeps what every console asks for on every frame — counts by
// state, urgent and assigned totals, the oldest unacknowledged question —
// up to date as events are applied, so that no frame scans the queue.
type queueIndex struct {
	tally
	// unacked holds question IDs in arrival order; entries no longer new
	// are dropped lazily from the front, so the oldest is found in O(1)
	// amortised.
	unacked []string
	// sla counts breaches of the acknowledge and answer targets on the
	// duty clock (sla.go).
	sla slaIndex
	// teams holds the same counts per team (team.go); not in snapshots:
	// rebuilt by recountTeams.
	teams map[string]*tally
}

// tally counts questions: the whole desk's in the queue index, and each
// team's.
type tally struct {
	byState      map[QuestionState]int
	urgentOpen   int
	possibleOpen int
	assigned     map[string]int // person ID → open questions assigned
}

func newTally() *tally {
	return &tally{byState: map[QuestionState]int{}, assigned: map[string]int{}}
}

func newQueueIndex() queueIndex {
	return queueIndex{tally: *newTally()}
}

func (x *queueIndex) count(q *Question, delta int) {
	x.sla.count(q, delta)
	x.countTeam(q, delta)
	x.tally.count(q, delta)
}

// count moves the tally by delta for q as it stands.
func (t *tally) count(q *Question, delta int) {
	t.byState[q.State] += delta
	if q.State.Open() {
		switch q.Level {
		case risk.Urgent:
			t.urgentOpen += delta
		case risk.Possible:
			t.possibleOpen += delta
		}
	}
	if q.State == StateAssigned {
		t.assigned[q.Assignee] += delta
		if t.assigned[q.Assignee] == 0 {
			delete(t.assigned, q.Assignee)
		}
	}
}

// counts says what the tally counts; a state none is in is left out.
func (t *tally) counts() Counts {
	c := Counts{ByState: make(map[QuestionState]int, len(t.byState)), Urgent: t.urgentOpen, Possible: t.possibleOpen, Open: make(map[string]int, len(t.assigned))}
	for s, n := range t.byState {
		if n != 0 {
			c.ByState[s] = n
		}
	}
	for p, n := range t.assigned {
		c.Open[p] = n
	}
	return c
}

// mutate changes a question copy-on-write: the old value stays as it was for
// any console still drawing it, and the index moves from old to new.
// The caller holds d.mu.
func (d *state) mutate(id string, change func(q *Question)) {
	old, ok := d.questions[id]
	if !ok {
		return
	}
	q := *old
	change(&q)
	d.index.count(old, -1)
	d.index.count(&q, +1)
	d.noteFinished(old, &q)
	d.questions[id] = &q
	if i := d.queuePos(old.seq); i >= 0 {
		d.queue[i] = &q
	}
}

// queuePos finds a question in the arrival-ordered queue by its sequence.
func (d *state) queuePos(seq int64) int {
	i := sort.Search(len(d.queue), func(i int) bool { return d.queue[i].seq >= seq })
	if i < len(d.queue) && d.queue[i].seq == seq {
		return i
	}
	return -1
}

// trimUnacked drops from the front of the unacknowledged list the questions
// no longer new, so that its head is the oldest waiting one. apply calls it
// after every change, under the write lock, and readers only look.
func (d *state) trimUnacked() {
	x := &d.index
	for len(x.unacked) > 0 {
		if q, ok := d.questions[x.unacked[0]]; ok && q.State == StateNew {
			return
		}
		x.unacked = x.unacked[1:]
	}
}

// oldestUnacked returns the oldest question still new. The caller holds d.mu.
func (d *state) oldestUnacked() *Question {
	if len(d.index.unacked) == 0 {
		return nil
	}
	return d.questions[d.index.unacked[0]]
}

// Inbox returns the questions as the Inbound pane lists them: open urgent
// ones first, then open possible ones ("check now"), then the rest, each
// group by arrival, newest first unless oldestFirst. The values
// are snapshots that the desk never changes (it replaces them), so a console
// may keep and read them without locks.
func (d *Desk) Inbox(oldestFirst bool) []*Question {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]*Question, 0, len(d.queue))
	flagged := func(l risk.Level) func(q *Question) bool {
		return func(q *Question) bool { return q.Level == l && q.State.Open() }
	}
	walk := func(keep func(*Question) bool) {
		if oldestFirst {
			for _, q := range d.queue {
				if keep(q) {
					out = append(out, q)
				}
			}
			return
		}
		for i := len(d.queue) - 1; i >= 0; i-- {
			if keep(d.queue[i]) {
				out = append(out, d.queue[i])
			}
		}
	}
	if d.index.urgentOpen+d.index.possibleOpen == 0 {
		walk(func(*Question) bool { return true })
		return out
	}
	walk(flagged(risk.Urgent))
	walk(flagged(risk.Possible))
	walk(func(q *Question) bool { return !q.Level.Flagged() || !q.State.Open() })
	return out
}
