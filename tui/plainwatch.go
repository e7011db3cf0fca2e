package tui

import (
	"fmt"
	"sort"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// What the plain console says as the desk changes: a line per new
// question, per question or draft that changed, per change of duty, shift
// or a feed's health — compared with what the person was last told.

// newLinesMax is how many new questions one look reads out one by one; in
// a surge the rest are counted, urgent ones always read.
const newLinesMax = 10

// watch reports the desk's changes until done, letting each burst settle
// first so that a surge is one report, not thousands of lines.
func (p *Plain) watch(changes <-chan struct{}, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
		}
		t := time.NewTimer(p.settle)
		select {
		case <-done:
			t.Stop()
			return
		case <-t.C:
		}
		p.mu.Lock()
		p.say(p.look()...)
		p.mu.Unlock()
	}
}

// look compares the desk with what the person was told and says what
// changed. A thing one of this console's commands is changing is only
// remembered: the command's own result says it. The caller holds p.mu.
func (p *Plain) look() []string {
	c := p.c
	var out, urgentNew, otherNew []string
	newCount := 0
	inbox := c.desk.Inbox(true)
	// A quiet look costs a map lookup per question: a snapshot already
	// seen is unchanged. Only when fewer questions were found than were
	// told of (one left the desk) is the rest looked through.
	found, added := 0, 0
	for _, qp := range inbox {
		was, known := p.questions[qp.ID]
		if known {
			found++
			if was.snap == qp {
				continue
			}
		}
		q := *qp
		now := seenOf(q, qp)
		if known && was.told(now) {
			p.questions[q.ID] = now
			continue
		}
		if p.inflight[q.ID] > 0 {
			p.questions[q.ID] = now
			if !known {
				added++
			}
			continue
		}
		if !known {
			added++
			newCount++
			switch {
			case q.State.Open() && q.Level.Flagged():
				urgentNew = append(urgentNew, "\aNew "+lowerFirst(p.sayQuestion(q)))
			case len(otherNew) < newLinesMax:
				otherNew = append(otherNew, "New "+lowerFirst(p.sayQuestion(q)))
			}
			p.questions[q.ID] = now
			continue
		}
		p.questions[q.ID] = now
		n := p.number(q.ID, false)
		who := fmt.Sprintf("Question %d from %s", n, q.Item.Author)
		switch {
		case now.level != was.level && q.State.Open() && q.Level.Flagged():
			out = append(out, "\a"+who+" is now "+levelWords(q)+lastJudged(c, q))
		case now.state != was.state || now.assignee != was.assignee:
			out = append(out, who+" is now "+c.stateWords(q)+".")
		case now.level != was.level:
			out = append(out, who+" is now judged "+q.Level.String()+lastJudged(c, q))
		case now.count > was.count:
			out = append(out, fmt.Sprintf("%s was sent again, %d times now.", who, now.count))
		}
	}
	if found+added < len(p.questions) {
		present := make(map[string]bool, len(inbox))
		for _, qp := range inbox {
			present[qp.ID] = true
		}
		for id, was := range p.questions {
			if present[id] {
				continue
			}
			delete(p.questions, id)
			// A finished question leaves memory when it is archived; an
			// open one only when its author deletes it.
			if n, ok := p.numbers[id]; ok && was.state.Open() {
				out = append(out, fmt.Sprintf("Question %d was deleted by its author and has left the desk.", n))
			}
		}
	}
	lines := append(urgentNew, otherNew...)
	if more := newCount - len(lines); more > 0 {
		lines = append(lines, fmt.Sprintf("And %d more new questions; type list to hear them.", more))
	}
	out = append(lines, out...)

	for _, d := range c.desk.Drafts() {
		was, known := p.drafts[d.ID]
		if known && was == d.State {
			continue
		}
		// A reply this console is saving is said by its result.
		if p.inflight[d.ID] > 0 || (!known && d.Author == c.me.ID && p.inflight[d.ReplyTo] > 0) {
			p.drafts[d.ID] = d.State
			continue
		}
		if !known {
			out = append(out, "New "+lowerFirst(p.sayDraft(d)))
			continue
		}
		p.drafts[d.ID] = d.State
		out = append(out, fmt.Sprintf("Draft %d by %s is now %s.", p.number(d.ID, true), c.name(d.Author), c.draftStateWords(d)))
	}

	if duty := c.desk.Duty(); duty != p.duty {
		p.duty = duty
		if p.inflight[dutyThing] == 0 {
			out = append(out, c.dutyWords(duty))
		}
	}
	for _, person := range c.desk.People() {
		if was, ok := p.shift[person.ID]; !ok || was != person.OnShift {
			p.shift[person.ID] = person.OnShift
			if ok {
				out = append(out, fmt.Sprintf("%s is now %s shift.", person.Name, onOff(person.OnShift)))
			}
		}
	}
	out = append(out, p.healthChanges()...)
	return out
}

// dutyThing stands for the team's duty among the things a command changes.
const dutyThing = "\x00duty"

// lastJudged says who last judged a question's level, and why.
func lastJudged(c *common, q desk.Question) string {
	if q.LevelBy == "" {
		return "."
	}
	s := ", judged by " + c.name(q.LevelBy)
	if q.LevelWhy != "" {
		s += ": " + q.LevelWhy
	}
	return s + "."
}

// healthChanges says each feed or store condition that changed since the
// last look. The caller holds p.mu.
func (p *Plain) healthChanges() []string {
	now := p.c.desk.Health()
	names := make([]string, 0, len(now))
	for n := range now {
		names = append(names, n)
	}
	for n := range p.health {
		if _, ok := now[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		if now[n] == p.health[n] {
			continue
		}
		if now[n] == "" {
			out = append(out, fmt.Sprintf("%s: back to normal.", n))
		} else {
			out = append(out, fmt.Sprintf("%s: %s.", n, now[n]))
		}
	}
	p.health = now
	return out
}

// lowerFirst lowers a sentence's first letter, to follow "New ".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
