package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
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
	replies []desk.SavedReply
	vars    desk.ReplyVars
	input   textinput.Model
	list    list
	shown   []int
	w       int
}

func newRepliesPicker(c *common, compose *composeView) *repliesView {
	in := newInput()
	in.Prompt = "saved reply: "
	in.Focus()
	v := &repliesView{c: c, compose: compose, replies: c.desk.SavedReplies(),
		vars: c.desk.ReplyVars(c.me.ID, compose.replyTo), input: in}
	v.filter()
	return v
}

func (v *repliesView) filter() {
	v.shown = v.shown[:0]
	words := strings.Fields(strings.ToLower(v.input.Value()))
	for i, r := range v.replies {
		hay := strings.ToLower(r.Name + " " + strings.Join(r.Tags, " ") + " " + r.Text)
		all := true
		for _, w := range words {
			all = all && strings.Contains(hay, w)
		}
		if all {
			v.shown = append(v.shown, i)
		}
	}
	v.list.setLen(len(v.shown))
}

func (v *repliesView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return v.compose, nil
		case key.Matches(msg, k.Confirm):
			if len(v.shown) == 0 {
				return v, nil
			}
			v.compose.ta.InsertString(v.replies[v.shown[v.list.cursor]].Fill(v.vars))
			v.compose.check()
			return v.compose, nil
		case msg.Type == tea.KeyUp || msg.Type == tea.KeyDown:
			v.list.update(msg, k)
			return v, nil
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	v.filter()
	return v, cmd
}

func (v *repliesView) setSize(w, h int) {
	v.w = w
	v.list.setHeight(max(1, (h-3)/2))
}

func (v *repliesView) view() string {
	c, w := v.c, v.w
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fit("Saved replies — enter inserts, esc goes back to the reply", w)) + "\n")
	b.WriteString(v.input.View() + "\n")
	start, end := v.list.visible()
	for i := start; i < end; i++ {
		r := v.replies[v.shown[i]]
		head := fit(fmt.Sprintf("  %s", r.Name), w)
		if len(r.Tags) > 0 {
			head = fit(fmt.Sprintf("  %s  [%s]", r.Name, strings.Join(r.Tags, ", ")), w)
		}
		if i == v.list.cursor {
			head = c.styles.Selected.Render(head)
		}
		b.WriteString(head + "\n")
		b.WriteString(c.styles.Faint.Render(fit("    "+oneLine(r.Fill(v.vars)), w)) + "\n")
	}
	switch {
	case len(v.replies) == 0:
		b.WriteString(c.styles.Faint.Render("  no saved replies: add [[replies]] to the config file (see config.example.toml)") + "\n")
	case len(v.shown) == 0:
		b.WriteString(c.styles.Faint.Render("  no saved reply matches") + "\n")
	}
	return b.String()
}

func (v *repliesView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel, k.Up, k.Down}
}

func (v *repliesView) typing() bool { return true }
