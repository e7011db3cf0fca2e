package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// dutyPane shows the team's duty and who is on shift.
type dutyPane struct {
	c *common
	kept[desk.Person]
	filter string
	w, h   int
}

func (p *dutyPane) name() string        { return "Duty" }
func (p *dutyPane) filterText() string  { return p.filter }
func (p *dutyPane) setSize(w, h int)    { p.w, p.h = w, h; p.list.setHeight(h - 3) }
func (p *dutyPane) help() []key.Binding { return p.c.shown.dutyHelp() }

func (p *dutyPane) setFilter(f string) tea.Cmd {
	p.filter = f
	return p.refresh()
}

func (p *dutyPane) update(msg tea.KeyMsg) (overlay, tea.Cmd) {
	c, k := p.c, p.c.keys
	if p.list.update(msg, k) {
		return nil, nil
	}
	person, ok := p.selected()
	if !ok || !key.Matches(msg, k.Shift) {
		return nil, nil
	}
	if person.ID != c.me.ID && !c.supervisor() {
		return nil, refuse(errOwnShift)
	}
	if n := c.counts.Open[person.ID]; person.OnShift && n > 0 {
		return newHandOver(c, person, n), nil
	}
	on := !person.OnShift
	return nil, c.run(fmt.Sprintf("%s is now %s shift", person.Name, onOff(on)), func() error { return c.desk.SetShift(c.ctx, c.me.ID, person.ID, on) })
}

func (p *dutyPane) refresh() tea.Cmd {
	p.items = p.c.desk.People()
	needle := strings.ToLower(p.filter)
	p.keep(func(person desk.Person) bool {
		return needle == "" || matches(needle, person.Name, person.ID, string(person.Role))
	})
	return nil
}

func (p *dutyPane) view(focused bool) string {
	w, h, s := p.w, p.h, p.c.styles
	duty := p.c.duty()
	head := s.OffDuty.Render("○ team OFF duty")
	if duty.On {
		head = s.OnDuty.Render("● team ON duty")
		if duty.Until != "" {
			head += s.OnDuty.Render(" until " + duty.Until)
		}
	}
	if !duty.At.IsZero() {
		head += s.Faint.Render(fmt.Sprintf(" · set by %s at %s", p.c.name(duty.ChangedBy), duty.At.In(p.c.now().Location()).Format("15:04")))
	}
	body := []string{head}
	open := p.c.counts.Open
	start, end := p.list.visible()
	for i := start; i < end; i++ {
		person := p.at(i)
		shift := "off"
		if person.OnShift {
			shift = "on "
		}
		line := fmt.Sprintf("%s %s %s", fit(person.Name, 18), fit(string(person.Role), 10), shift)
		if n := open[person.ID]; n > 0 {
			line += fmt.Sprintf("  %d open", n)
		}
		if person.ID == p.c.me.ID {
			line += "  (you)"
		}
		style := lookPlain
		if !person.OnShift {
			style = lookFaint
		}
		body = append(body, cursorRow(s, focused && i == p.list.cursor, fit(line, w-3), style, p.filter))
	}
	onShift := 0
	for _, person := range p.items {
		if person.OnShift {
			onShift++
		}
	}
	title := fmt.Sprintf("4 Duty  %d of %d on shift", onShift, len(p.items))
	if p.filter != "" {
		title += fmt.Sprintf(" · /%s (%d)", p.filter, len(p.rows))
	}
	return frame(p.c, title, body, w, h, focused)
}

// listAt: the first body line is the team's duty, the people below it.
func (p *dutyPane) listAt() (*list, int) { return &p.list, 1 }
