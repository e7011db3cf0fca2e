package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// reasonView asks for the reason to approve a flagged draft or to reject one.
type reasonView struct {
	c       *common
	draftID string
	approve bool
	input   textinput.Model
	w       int
	missing bool // enter was pressed with no reason
}

func newReasonView(c *common, draftID string, approve bool) *reasonView {
	in := newInput()
	in.Prompt = "reason: "
	in.CharLimit = 300
	in.Focus()
	return &reasonView{c: c, draftID: draftID, approve: approve, input: in}
}

func (v *reasonView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return nil, nil
		case key.Matches(msg, k.Confirm):
			c, id, reason, approve := v.c, v.draftID, strings.TrimSpace(v.input.Value()), v.approve
			if reason == "" {
				v.missing = true
				return v, nil
			}
			if approve {
				return nil, c.run("draft approved — p posts it", func() error { return c.desk.Approve(c.ctx, c.me.ID, id, reason) })
			}
			return nil, c.run("draft rejected", func() error { return c.desk.Reject(c.ctx, c.me.ID, id, reason) })
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if strings.TrimSpace(v.input.Value()) != "" {
		v.missing = false
	}
	return v, cmd
}

func (v *reasonView) setSize(w, h int) { v.w = w }

func (v *reasonView) view() string {
	c, w := v.c, v.w
	d, _ := c.desk.Draft(v.draftID)
	verb := "Reject"
	if v.approve {
		verb = "Approve"
	}
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(verb+" this draft") + "\n\n")
	b.WriteString(wrap(highlight(c.styles, d.Text, d.Findings), w) + "\n\n")
	for _, f := range d.Findings {
		b.WriteString(fit(fmt.Sprintf("%s %s: %s", f.Severity, f.Kind, f.Reason), w) + "\n")
	}
	if v.approve && d.State == desk.DraftFlagged {
		b.WriteString("\nThe check blocks this draft. Approving it needs a reason; it is kept in the audit trail.\n")
	}
	b.WriteString("\n" + v.input.View())
	if v.missing {
		b.WriteString("\n" + c.styles.Error.Render("a reason is needed: it is kept in the audit trail · esc cancels"))
	}
	return b.String()
}

func (v *reasonView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel}
}

// newInput is a text input with a steady cursor: a blinking one redraws the
// line twice a second, which a slow SSH link pays for.
func newInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

func (v *reasonView) typing() bool { return true }
