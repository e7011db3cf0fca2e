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
	// draft, if set, is the draft the command saved or posted, which the
	// Drafts cursor then moves to.
	resultMsg struct {
		ok    string
		err   error
		draft string
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
	return saving(func() tea.Msg { return resultMsg{ok: ok, err: f()} })
}

// pendingMsg says a change is on its way to the store: the status bar shows
// "saving…" until its resultMsg says how it went.
type pendingMsg struct{}

// savingMark is the status bar while a change is on its way to the store.
const savingMark = "saving…"

// saving runs cmd, a desk command, off the UI loop, marked "saving…" until
// it ends: a store that is slow or stalled keeps the mark up, never a key.
func saving(cmd tea.Cmd) tea.Cmd {
	return tea.Sequence(func() tea.Msg { return pendingMsg{} }, cmd)
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
		return newAckChoice(c, id), nil
	case key.Matches(msg, k.Close):
		q, _ := c.desk.Question(id)
		if err := c.mayClose(q); err != nil {
			return nil, refuse(err)
		}
		return newConfirm(c, "Close the question from "+q.Item.Author+"?", oneLine(q.Item.Text),
			c.run("closed — the author gets no further answer unless it is reopened", func() error { return c.desk.Close(c.ctx, c.me.ID, id) })), nil
	case key.Matches(msg, k.Reopen):
		return nil, c.run("reopened — back in the queue", func() error { return c.desk.Reopen(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Judge):
		return newJudgeView(c, id), nil
	case key.Matches(msg, k.Dismiss):
		if !c.supervisor() {
			return nil, refuse(errSupervisorsDismiss)
		}
		return nil, c.run("dismissed", func() error { return c.desk.Dismiss(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Assign):
		if !c.supervisor() {
			return nil, refuse(errSupervisorsAssign)
		}
		return newPicker(c, id), nil
	case key.Matches(msg, k.Reply, k.TakeOver):
		takeover := key.Matches(msg, k.TakeOver)
		if takeover && !c.supervisor() {
			return nil, refuse(errSupervisorsTake)
		}
		q, _ := c.desk.Question(id)
		open := func() tea.Msg {
			if err := c.desk.Claim(c.ctx, c.me.ID, id, takeover); err != nil {
				return resultMsg{err: err}
			}
			return openMsg{o: newCompose(c, "Reply to "+q.Item.Author+": "+oneLine(q.Item.Text), id, "", ""), claim: id}
		}
		if q.NoReply() {
			// Someone else may read the sender's messages: a reply could
			// put them in danger. Ask before even opening the editor.
			return newConfirm(c, "The sender "+desk.NoReplyReason+" — a reply could put them at risk. Write one anyway?", oneLine(q.Item.Text), open), nil
		}
		return nil, open
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
		if err := c.mayHandle(d); err != nil {
			return nil, refuse(err)
		}
		if _, ok := c.desk.Question(d.ReplyTo); d.Kind == desk.DraftReply && d.ReplyTo != "" && !ok {
			return nil, refuse(&desk.QuestionGoneError{Draft: d.ID, Author: d.ReplyAuthor})
		}
		account := d.Account
		if account == "" {
			account = "the team account"
		}
		return newConfirm(c, fmt.Sprintf("Post this from %s, visibility %s?", account, d.Visibility), oneLine(d.Text),
			func() tea.Msg { return resultMsg{ok: "posted", err: c.desk.Send(c.ctx, c.me.ID, d.ID), draft: d.ID} }), nil
	case key.Matches(msg, k.Approve):
		if !c.supervisor() {
			return nil, refuse(errSupervisorsApprove)
		}
		if d.State == desk.DraftFlagged {
			return newReasonView(c, d.ID, true), nil
		}
		return nil, c.run("approved", func() error { return c.desk.Approve(c.ctx, c.me.ID, d.ID, "") })
	case key.Matches(msg, k.Reject):
		if err := c.mayHandle(d); err != nil {
			return nil, refuse(err)
		}
		return newReasonView(c, d.ID, false), nil
	case key.Matches(msg, k.DirectToAuthor):
		if err := c.mayHandle(d); err != nil {
			return nil, refuse(err)
		}
		return nil, c.run("a direct message to "+d.ReplyAuthor+" is in Drafts; p posts it", func() error {
			_, err := c.desk.DirectToAuthor(c.ctx, c.me.ID, d.ID)
			return err
		})
	case key.Matches(msg, k.Edit, k.Open):
		if err := c.mayHandle(d); err != nil {
			return nil, refuse(err)
		}
		return newCompose(c, "Edit draft", "", d.ID, d.Text), nil
	}
	return nil, nil
}
