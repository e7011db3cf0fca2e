package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// pickerView chooses someone on shift to assign a question to.
type pickerView struct {
	c      *common
	id     string
	people []desk.Person
	input  textinput.Model
	list   list
	shown  []int
	w      int
}

func newPicker(c *common, id string) *pickerView {
	var onShift []desk.Person
	for _, p := range c.desk.People() {
		if p.OnShift {
			onShift = append(onShift, p)
		}
	}
	in := newInput()
	in.Prompt = "assign to: "
	in.Focus()
	v := &pickerView{c: c, id: id, people: onShift, input: in}
	v.filter()
	return v
}

func (v *pickerView) filter() {
	v.shown = v.shown[:0]
	needle := strings.ToLower(v.input.Value())
	for i, p := range v.people {
		if needle == "" || matches(needle, p.Name, p.ID) {
			v.shown = append(v.shown, i)
		}
	}
	v.list.setLen(len(v.shown))
}

func (v *pickerView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return nil, nil
		case key.Matches(msg, k.Confirm):
			if len(v.shown) == 0 {
				return v, nil
			}
			who := v.people[v.shown[v.list.cursor]]
			c, id := v.c, v.id
			return nil, c.run("assigned to "+who.Name, func() error { return c.desk.Assign(c.ctx, c.me.ID, id, who.ID) })
		case key.Matches(msg, k.Up, k.Down) && (msg.Type != tea.KeyRunes || !v.typing()):
			// j and k move until a name is being typed; the arrows always.
			v.list.update(msg, k)
			return v, nil
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	v.filter()
	return v, cmd
}

func (v *pickerView) setSize(w, h int) {
	v.w = w
	v.list.setHeight(h - 3)
}

func (v *pickerView) view() string {
	c, w := v.c, v.w
	q, _ := c.desk.Question(v.id)
	open := c.counts.Open
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fit("Assign: "+oneLine(q.Item.Text), w)) + "\n")
	if v.input.Value() == "" {
		b.WriteString(c.styles.Faint.Render(fit("assign to: j/k or ↑/↓ choose · typing a name narrows the list", w)) + "\n")
	} else {
		b.WriteString(v.input.View() + "\n")
	}
	start, end := v.list.visible()
	for i := start; i < end; i++ {
		p := v.people[v.shown[i]]
		line := cursorRow(c.styles, i == v.list.cursor, fit(fmt.Sprintf(" %s (%s) %d open", p.Name, p.Role, open[p.ID]), w-1), lookPlain, "")
		b.WriteString(line + "\n")
	}
	if len(v.shown) == 0 {
		b.WriteString(c.styles.Faint.Render("  nobody on shift matches") + "\n")
	}
	return b.String()
}

func (v *pickerView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel, k.Up, k.Down}
}

// typing: once a letter other than j or k starts a name, keys are its text.
func (v *pickerView) typing() bool { return v.input.Value() != "" }
