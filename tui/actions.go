package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// The actions a key starts on a question or a draft, shared by the panes and
// the overlays that show the same rows. Each returns the overlay to open, if
// the action needs one, and the command that asks the desk; the command's
// message (resultMsg, openMsg) tells the root what happened.

type (
	// resultMsg ends a desk command: ok is shown in the status bar, or err.
	resultMsg struct {
		ok  string
		err error
	}
	// openMsg opens an overlay once a command (a claim) succeeded; ok, if
	// set, says in the status bar what the command did; claim is the
	// question the overlay holds a claim on, released if the console ends.
	openMsg struct {
		o     overlay
		ok    string
		claim string
	}
)

// run asks the desk in the background and reports ok or the error.
func (c *common) run(ok string, f func() error) tea.Cmd {
	return func() tea.Msg { return resultMsg{ok: ok, err: f()} }
}

// refuse reports at once why a key does nothing.
func refuse(err error) tea.Cmd {
	return func() tea.Msg { return resultMsg{err: err} }
}

// questionAction runs a triage key on a question, from a pane or the thread.
func (c *common) questionAction(msg tea.KeyMsg, id string) (overlay, tea.Cmd) {
	k := c.keys
	switch {
	case key.Matches(msg, k.Acknowledge):
		return nil, c.run("acknowledged", func() error { return c.desk.Acknowledge(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Close):
		return nil, c.run("closed", func() error { return c.desk.Close(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Dismiss):
		return nil, c.run("dismissed", func() error { return c.desk.Dismiss(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Assign):
		if c.me.Role != desk.RoleSupervisor {
			return nil, refuse(fmt.Errorf("only a supervisor can assign questions"))
		}
		return newPicker(c, id), nil
	case key.Matches(msg, k.Reply, k.TakeOver):
		takeover := key.Matches(msg, k.TakeOver)
		q, _ := c.desk.Question(id)
		return nil, func() tea.Msg {
			if err := c.desk.Claim(c.ctx, c.me.ID, id, takeover); err != nil {
				return resultMsg{err: err}
			}
			return openMsg{o: newCompose(c, "Reply to "+q.Item.Author+": "+oneLine(q.Item.Text), id, "", ""), claim: id}
		}
	}
	return nil, nil
}

// releaseClaim gives up a reply that was abandoned.
func (c *common) releaseClaim(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	return func() tea.Msg {
		if err := c.desk.Release(c.ctx, c.me.ID, id); err != nil {
			return resultMsg{err: err}
		}
		return resultMsg{ok: "reply abandoned"}
	}
}

// draftAction runs a key on a draft.
func (c *common) draftAction(msg tea.KeyMsg, d desk.Draft) (overlay, tea.Cmd) {
	k := c.keys
	switch {
	case key.Matches(msg, k.Send):
		return nil, c.run("posted", func() error { return c.desk.Send(c.ctx, c.me.ID, d.ID) })
	case key.Matches(msg, k.Approve):
		if d.State == desk.DraftFlagged {
			return newReasonView(c, d.ID, true), nil
		}
		return nil, c.run("approved", func() error { return c.desk.Approve(c.ctx, c.me.ID, d.ID, "") })
	case key.Matches(msg, k.Reject):
		return newReasonView(c, d.ID, false), nil
	case key.Matches(msg, k.Edit, k.Open):
		return newCompose(c, "Edit draft", "", d.ID, d.Text), nil
	}
	return nil, nil
}
