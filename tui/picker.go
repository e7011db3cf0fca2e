package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// pickerView chooses someone on shift to assign a question to.
type pickerView struct {
	c      *common
	id     string
	people choices[desk.Person]
	w      int
}

func newPicker(c *common, id string) *pickerView {
	var onShift []desk.Person
	for _, p := range c.desk.People() {
		if p.OnShift {
			onShift = append(onShift, p)
		}
	}
	return &pickerView{c: c, id: id, people: newChoices("assign to: ", onShift, func(p desk.Person, typed string) bool {
		needle := strings.ToLower(typed)
		return needle == "" || matches(needle, p.Name, p.ID)
	})}
}

func (v *pickerView) update(msg tea.Msg) (overlay, tea.Cmd) {
	switch who, what, cmd := v.people.update(msg, v.c.keys, v.typing()); what {
	case cancelled:
		return nil, nil
	case chosen:
		c, id := v.c, v.id
		return nil, c.run("assigned to "+who.Name, func() error { return c.desk.Assign(c.ctx, c.me.ID, id, who.ID) })
	default:
		return v, cmd
	}
}

func (v *pickerView) setSize(w, h int) {
	v.w = w
	v.people.list.setHeight(h - 3)
}

func (v *pickerView) view() string {
	c, w := v.c, v.w
	q, _ := c.desk.Question(v.id)
	open := c.counts.Open
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fit("Assign: "+oneLine(q.Item.Text), w)) + "\n")
	if !v.typing() {
		b.WriteString(c.styles.Faint.Render(fit("assign to: j/k or ↑/↓ choose · typing a name narrows the list", w)) + "\n")
	} else {
		b.WriteString(v.people.input.View() + "\n")
	}
	people, cursor := v.people.inView()
	for i, p := range people {
		line := cursorRow(c.styles, i == cursor, fit(fmt.Sprintf(" %s (%s) %d open", p.Name, p.Role, open[p.ID]), w-1), lookPlain, "")
		b.WriteString(line + "\n")
	}
	if v.people.none() {
		b.WriteString(c.styles.Faint.Render("  nobody on shift matches") + "\n")
	}
	return b.String()
}

func (v *pickerView) help() []key.Binding { return v.c.shown.choicesHelp() }

// typing: once a letter other than j or k starts a name, keys are its text.
func (v *pickerView) typing() bool { return v.people.input.Value() != "" }
