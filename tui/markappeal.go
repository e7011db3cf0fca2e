package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// markAppealView marks a team post as an appeal (m): the kind, one key
// each, then when to review it.
type markAppealView struct {
	c      *common
	itemID string
	text   string
	kind   desk.AppealKind
	review textinput.Model
	err    string
	w      int
}

func newMarkAppeal(c *common, itemID, text string, current *desk.Appeal) *markAppealView {
	in := newInput()
	in.Prompt = "review in: "
	in.Placeholder = "24h · 3d · 2026-12-05 18:00"
	in.CharLimit = 40
	v := &markAppealView{c: c, itemID: itemID, text: text, review: in}
	if current != nil {
		v.kind = current.Kind
		in.Focus()
		v.review = in
	}
	return v
}

func (v *markAppealView) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	if key.Matches(km, v.c.keys.Cancel) {
		return nil, nil
	}
	if v.kind == "" {
		kind, ok := pick(km, kindKeys)
		if !ok {
			return v, nil
		}
		v.kind = kind
		v.review.Focus()
		return v, nil
	}
	if key.Matches(km, v.c.keys.Confirm) {
		review, err := parseReview(v.review.Value(), v.c.now())
		if err != nil {
			v.err = err.Error()
			return v, nil
		}
		c, id, in := v.c, v.itemID, desk.AppealInput{Kind: v.kind, Review: review}
		return nil, c.run("marked as an appeal for "+kindWords(v.kind)+" — R resolves it", func() error {
			return c.desk.MarkAppeal(c.ctx, c.me.ID, id, in)
		})
	}
	var cmd tea.Cmd
	v.review, cmd = v.review.Update(km)
	v.err = ""
	return v, cmd
}

func (v *markAppealView) setSize(w, h int) { v.w = w }

func (v *markAppealView) view() string {
	s, w := v.c.styles, v.w
	var b strings.Builder
	b.WriteString(s.Bold.Render("Mark this team post as an appeal") + "\n\n")
	b.WriteString(wrap(v.text, w) + "\n\n")
	b.WriteString("The appeal is the disclosure: the person it names is not flagged by the check.\n\n")
	if v.kind == "" {
		for _, l := range kindKeys {
			b.WriteString(s.Bold.Render(l.key) + " " + kindWords(l.is) + "   ")
		}
		b.WriteString(s.Faint.Render("esc cancels"))
		return b.String()
	}
	b.WriteString("appeal for " + kindWords(v.kind) + "\n" + v.review.View() + "\n")
	b.WriteString(s.Faint.Render("empty: in 24 hours · past its review date it rings on every console"))
	if v.err != "" {
		b.WriteString("\n" + s.Error.Render(v.err))
	}
	return b.String()
}

func (v *markAppealView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel}
}

func (v *markAppealView) typing() bool { return v.kind != "" }
