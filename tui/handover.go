package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// handOverView asks, as someone goes off shift holding open questions,
// where those questions go: back to the queue (unassigned, acknowledged) or
// to someone still on shift. esc leaves them on shift.
type handOverView struct {
	c       *common
	person  desk.Person
	open    int
	targets []desk.Person // the first choice, the zero Person, is "back to the queue"
	list    list
	w       int
}

func newHandOver(c *common, p desk.Person, open int) *handOverView {
	v := &handOverView{c: c, person: p, open: open, targets: []desk.Person{{}}}
	for _, other := range c.desk.People() {
		if other.OnShift && other.ID != p.ID {
			v.targets = append(v.targets, other)
		}
	}
	v.list.setLen(len(v.targets))
	return v
}

func (v *handOverView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	switch {
	case key.Matches(km, k.Cancel):
		return nil, nil
	case key.Matches(km, k.Confirm):
		c, who, to := v.c, v.person, v.targets[v.list.cursor]
		return nil, saving(func() tea.Msg {
			n, err := c.desk.LeaveShift(c.ctx, c.me.ID, who.ID, to.ID)
			where := "back to the queue"
			if to.ID != "" {
				where = "to " + to.Name
			}
			return resultMsg{ok: fmt.Sprintf("%s is off shift; %d open question(s) handed %s", who.Name, n, where), err: err}
		})
	}
	v.list.update(km, k)
	return v, nil
}

func (v *handOverView) setSize(w, h int) {
	v.w = w
	v.list.setHeight(h - 4)
}

func (v *handOverView) view() string {
	c, w := v.c, v.w
	s := c.styles
	var b strings.Builder
	b.WriteString(s.Bold.Render(fit(fmt.Sprintf("%s goes off shift holding %d open question(s). Hand them:", v.person.Name, v.open), w)) + "\n\n")
	open := c.counts.Open
	start, end := v.list.visible()
	for i := start; i < end; i++ {
		t := v.targets[i]
		label := "back to the queue — unassigned, acknowledged, for whoever picks them up"
		if t.ID != "" {
			label = fmt.Sprintf("to %s (%s, %d open)", t.Name, t.Role, open[t.ID])
		}
		line := cursorRow(s, i == v.list.cursor, fit(" "+label, w-1), lookPlain, "")
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Faint.Render("enter hands them over and takes "+v.person.Name+" off shift · esc keeps them on shift"))
	return b.String()
}

func (v *handOverView) help() []key.Binding { return v.c.shown.choicesHelp() }

func (v *handOverView) typing() bool { return false }
