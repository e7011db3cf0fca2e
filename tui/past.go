package tui

import (
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// The desk at a moment, from a live console: t opens the time picker, [
// and ] step event by event, and esc or t returns to live. While the
// console views the past, its panes show a read-only desk opened at that
// moment (desk.At), which refuses every command itself; the live desk goes
// on underneath, and an urgent arrival on it still rings. A console opened
// on a past desk (dutydesk demo|run|serve --at) steps and picks the same
// way, with no live desk to return to.

// pastView is where the console stands in time.
type pastView struct {
	// live is the live desk while the console shows the past, and liveNow
	// its clock; nil when live, or when the console was opened on a past
	// desk and has no live one.
	live    *desk.Desk
	liveNow func() time.Time
	// pending is the event asked for while its desk is being opened, and
	// gen counts the moments asked for: a desk that arrives after a later
	// step or the way back to live is dropped.
	pending int64
	gen     int
}

// pastMsg brings a desk opened at a moment, or why it could not be.
type pastMsg struct {
	d   *desk.Desk
	err error
	gen int
}

// gotoMsg asks the root to show the desk at a moment (the time picker).
type gotoMsg struct{ at desk.Moment }

// goTo opens the desk at mo off the UI loop: the replay reads the store.
func (m *Model) goTo(mo desk.Moment) tea.Cmd {
	base, ctx := m.c.desk, m.c.ctx
	m.past.pending = mo.Seq
	m.past.gen++
	gen := m.past.gen
	return func() tea.Msg {
		d, err := base.At(ctx, mo)
		return pastMsg{d: d, err: err, gen: gen}
	}
}

// takePast shows the desk a pastMsg brought.
func (m *Model) takePast(msg pastMsg) tea.Cmd {
	if msg.gen != m.past.gen {
		if msg.d != nil {
			msg.d.Shutdown() // overtaken by a later step, or by the way back to live
		}
		return nil
	}
	m.past.pending = 0
	if msg.err != nil {
		m.setResult("", msg.err)
		return nil
	}
	old := m.c.desk
	if _, viewing := old.Viewing(); !viewing {
		m.past.live, m.past.liveNow = old, m.c.now
	} else if old != m.opened {
		old.Shutdown()
	}
	m.c.desk, m.c.now = msg.d, msg.d.Now
	m.status, m.isError = "", false
	return m.refresh()
}

// backToLive leaves the past for the live desk, if the console has one.
func (m *Model) backToLive() tea.Cmd {
	if m.past.live == nil {
		return refuse(errors.New("this console was opened at a moment (--at): there is no live desk to return to; q quits"))
	}
	old := m.c.desk
	m.c.desk, m.c.now = m.past.live, m.past.liveNow
	m.past.live, m.past.pending = nil, 0
	m.past.gen++
	if old != m.opened {
		old.Shutdown()
	}
	m.setResult("back to the live desk", nil)
	return m.refresh()
}

// step moves by one event: [ back, ] on. From live, [ shows the desk at
// the last event, named; ] past the last event returns to live. Keys typed
// faster than the desk opens step on from the one asked for last.
func (m *Model) step(by int64) tea.Cmd {
	p, viewing := m.c.desk.Viewing()
	cur := p.Seq
	if m.past.pending > 0 {
		cur, viewing = m.past.pending, true
	}
	live := m.past.live
	if live == nil && !viewing {
		live = m.c.desk
	}
	last := p.Last
	if live != nil {
		last = live.LastSeq()
	}
	if !viewing {
		if by > 0 {
			return refuse(errors.New("this is the desk live: [ steps back through its events, t picks a time"))
		}
		if last == 0 {
			return refuse(errors.New("nothing has happened on this desk yet"))
		}
		return m.goTo(desk.Moment{Seq: last})
	}
	n := cur + by
	switch {
	case n < 1:
		return refuse(errors.New("this is the first event on the desk"))
	case n > last && live != nil:
		return m.backToLive()
	case n > last:
		return refuse(fmt.Errorf("this is the last event (#%d) stored when the console opened", last))
	}
	return m.goTo(desk.Moment{Seq: n})
}

// pastKey takes the keys of time: t, [ and ]; handled is false for others.
func (m *Model) pastKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	k := m.c.keys
	_, viewing := m.c.desk.Viewing()
	switch {
	case key.Matches(msg, k.Time):
		if viewing && m.past.live != nil {
			return m.backToLive(), true
		}
		m.overlay = newTimePicker(m.c)
		return nil, true
	case key.Matches(msg, k.Earlier):
		return m.step(-1), true
	case key.Matches(msg, k.Later):
		return m.step(1), true
	case viewing && key.Matches(msg, k.Back) && m.past.live != nil:
		return m.backToLive(), true
	case viewing && m.changesDesk(msg):
		// The desk refuses these too; asked first, no form opens for nothing.
		return refuse(m.c.desk.ReadOnly()), true
	}
	return nil, false
}

// changesDesk says whether a key gives a command that changes the desk.
func (m *Model) changesDesk(msg tea.KeyMsg) bool {
	k := m.c.keys
	return key.Matches(msg, k.Acknowledge, k.Assign, k.Reply, k.TakeOver, k.Close, k.Dismiss, k.Reopen,
		k.NewPost, k.Send, k.Approve, k.Reject, k.Edit, k.Duty, k.Shift, k.Judge, k.DirectToAuthor)
}

// liveUrgent is the urgent count of the live desk, which rings even while
// the console shows the past.
func (m *Model) liveUrgent() int {
	if m.past.live != nil {
		return m.past.live.Counts().Urgent
	}
	return m.c.counts.Urgent
}

// pastLine is the line under the header while the console shows the past:
// the event it stands at, in words, and how to move; "" when live.
func (m *Model) pastLine(w int) string {
	p, ok := m.c.desk.Viewing()
	if !ok {
		return ""
	}
	what := "before the first event"
	if p.Seq > 0 {
		what = fmt.Sprintf("#%d %s", p.Seq, p.Words)
	}
	how := "[ earlier · ] later · t picks a time · esc live"
	if m.past.live == nil {
		how = "[ earlier · ] later · t picks a time"
	}
	s := m.c.styles
	return fit(s.Possible.Render(" ◷ "+what)+s.Faint.Render("   "+how), w)
}

// viewingLabel is the header's word for the moment shown, "" when live.
func (m *Model) viewingLabel() string {
	p, ok := m.c.desk.Viewing()
	if !ok {
		return ""
	}
	return "◷ VIEWING " + p.At.Local().Format("Mon 2 Jan 2006 15:04:05") + " · read-only"
}
