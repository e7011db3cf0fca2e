package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// timePicker asks for the moment to view: a time as people type it, or an
// event number; [ and ] step from where the console stands instead.
type timePicker struct {
	c   *common
	in  textinput.Model
	err string
	w   int
}

func newTimePicker(c *common) *timePicker {
	in := newInput()
	in.Prompt = "view the desk at: "
	if p, ok := c.desk.Viewing(); ok {
		in.SetValue(p.At.Local().Format("2006-01-02 15:04"))
	} else {
		in.SetValue(c.now().Local().Format("2006-01-02 15:04"))
	}
	in.CursorEnd()
	in.Focus()
	return &timePicker{c: c, in: in}
}

func (v *timePicker) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	switch {
	case km.Type == tea.KeyEsc:
		return nil, nil
	case km.Type == tea.KeyEnter:
		mo, err := desk.ParseMoment(v.in.Value(), time.Now(), time.Local)
		if err != nil {
			v.err = err.Error()
			return v, nil
		}
		return nil, func() tea.Msg { return gotoMsg{at: mo} }
	case key.Matches(km, v.c.keys.Earlier, v.c.keys.Later):
		// Not part of a time: step instead, as outside the picker.
		by := int64(-1)
		if key.Matches(km, v.c.keys.Later) {
			by = 1
		}
		return nil, func() tea.Msg { return stepMsg{by: by} }
	}
	var cmd tea.Cmd
	v.in, cmd = v.in.Update(km)
	v.err = ""
	return v, cmd
}

// stepMsg asks the root to step by events (from the time picker).
type stepMsg struct{ by int64 }

func (v *timePicker) setSize(w, h int) { v.w = w }

func (v *timePicker) view() string {
	s := v.c.styles
	var b strings.Builder
	b.WriteString(s.Bold.Render("View the desk as it was") + "\n\n")
	b.WriteString(v.in.View() + "\n\n")
	if v.err != "" {
		b.WriteString(s.Error.Render(fit(v.err, v.w)) + "\n\n")
	}
	b.WriteString(s.Faint.Render(fit(`a time ("21:14" today, "2026-12-03 21:14") or an event (#1234), local time`, v.w)) + "\n")
	b.WriteString(s.Faint.Render(fit("enter views it, read-only · [ and ] step event by event instead · esc cancels", v.w)))
	return b.String()
}

func (v *timePicker) help() []key.Binding {
	return []key.Binding{v.c.keys.Confirm, v.c.keys.Earlier, v.c.keys.Later, v.c.keys.Cancel}
}

func (v *timePicker) typing() bool { return true }
