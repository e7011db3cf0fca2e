package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// repliesView picks a saved reply while composing (ctrl+r): the list
// narrows as you type (every word must be in the name, tags or text), and
// enter inserts the reply, filled in for the question, at the cursor of the
// compose editor it came from.
type repliesView struct {
	c       *common
	compose *composeView
	replies choices[desk.SavedReply]
	vars    desk.ReplyVars
	w       int
}

func newRepliesPicker(c *common, compose *composeView) *repliesView {
	return &repliesView{c: c, compose: compose, vars: c.desk.ReplyVars(c.me.ID, compose.replyTo),
		replies: newChoices("saved reply: ", c.desk.SavedReplies(), func(r desk.SavedReply, typed string) bool {
			hay := strings.ToLower(r.Name + " " + strings.Join(r.Tags, " ") + " " + r.Text)
			for _, w := range strings.Fields(strings.ToLower(typed)) {
				if !strings.Contains(hay, w) {
					return false
				}
			}
			return true
		})}
}

func (v *repliesView) update(msg tea.Msg) (overlay, tea.Cmd) {
	switch r, what, cmd := v.replies.update(msg, v.c.keys, v.typing()); what {
	case cancelled:
		return v.compose, nil
	case chosen:
		v.compose.ta.InsertString(r.Fill(v.vars))
		v.compose.check()
		return v.compose, nil
	default:
		return v, cmd
	}
}

func (v *repliesView) setSize(w, h int) {
	v.w = w
	v.replies.list.setHeight(max(1, (h-3)/2))
}

func (v *repliesView) view() string {
	c, w := v.c, v.w
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fit("Saved replies — enter inserts, esc goes back to the reply", w)) + "\n")
	b.WriteString(v.replies.input.View() + "\n")
	replies, cursor := v.replies.inView()
	for i, r := range replies {
		head := fit(fmt.Sprintf("  %s", r.Name), w)
		if len(r.Tags) > 0 {
			head = fit(fmt.Sprintf("  %s  [%s]", r.Name, strings.Join(r.Tags, ", ")), w)
		}
		if i == cursor {
			head = c.styles.Selected.Render(head)
		}
		b.WriteString(head + "\n")
		b.WriteString(c.styles.Faint.Render(fit("    "+oneLine(r.Fill(v.vars)), w)) + "\n")
	}
	switch {
	case len(v.replies.items) == 0:
		b.WriteString(c.styles.Faint.Render("  no saved replies: add [[replies]] to the config file (see config.example.toml)") + "\n")
	case v.replies.none():
		b.WriteString(c.styles.Faint.Render("  no saved reply matches") + "\n")
	}
	return b.String()
}

func (v *repliesView) help() []key.Binding { return v.c.shown.choicesHelp() }

// typing: every key but the arrows is text, j and k too.
func (v *repliesView) typing() bool { return true }
