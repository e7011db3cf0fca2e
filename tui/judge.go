package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/risk"
)

// judgeView takes a person's judgement of a question's level — above all a
// "possible" one: u marks it urgent, o routine, c a crime report — and then
// why, and stores both as an event (desk.SetLevel). The judgements become
// labelled examples for the urgency classifier (dutydesk labels).
type judgeView struct {
	c       *common
	id      string
	level   risk.Level
	chosen  bool
	input   textinput.Model
	w       int
	missing bool // enter was pressed with no reason where one is needed
}

// judgeKeys are the keys of the choice, before the reason is typed.
type judgeKeys struct{ Urgent, Routine, Crime key.Binding }

func newJudgeKeys() judgeKeys {
	b := func(help, desc, k string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(help, desc))
	}
	return judgeKeys{Urgent: b("u", "urgent (999)", "u"), Routine: b("o", "routine", "o"), Crime: b("c", "crime report (101)", "c")}
}

var errSupervisorsLower = errors.New("only a supervisor can lower a question's level; raise it to urgent if in doubt")

func newJudgeView(c *common, id string) *judgeView {
	in := newInput()
	in.Prompt = "why: "
	in.CharLimit = 300
	return &judgeView{c: c, id: id, input: in}
}

// needsReason: lowering a level is a judgement the audit trail must explain;
// raising one to urgent must never wait on typing.
func (v *judgeView) needsReason(q desk.Question) bool { return v.level < q.Level }

func (v *judgeView) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	q, _ := v.c.desk.Question(v.id)
	if key.Matches(km, v.c.keys.Cancel) {
		return nil, func() tea.Msg { return resultMsg{ok: "cancelled — the level is unchanged"} }
	}
	if !v.chosen {
		jk := newJudgeKeys()
		switch {
		case key.Matches(km, jk.Urgent):
			v.level = risk.Urgent
		case key.Matches(km, jk.Routine):
			v.level = risk.Routine
		case key.Matches(km, jk.Crime):
			v.level = risk.CrimeReport
		default:
			return v, nil
		}
		if v.level < q.Level && !v.c.supervisor() {
			return nil, refuse(errSupervisorsLower)
		}
		v.chosen = true
		v.input.Focus()
		return v, nil
	}
	if key.Matches(km, v.c.keys.Confirm) {
		why := strings.TrimSpace(v.input.Value())
		if why == "" && v.needsReason(q) {
			v.missing = true
			return v, nil
		}
		c, id, level := v.c, v.id, v.level
		return nil, c.run("marked "+level.String()+" — stored, with your reason, for the classifier to learn from",
			func() error { return c.desk.SetLevel(c.ctx, c.me.ID, id, level, why) })
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if strings.TrimSpace(v.input.Value()) != "" {
		v.missing = false
	}
	return v, cmd
}

func (v *judgeView) setSize(w, h int) { v.w = w }

func (v *judgeView) view() string {
	c, w := v.c, v.w
	s := c.styles
	q, ok := c.desk.Question(v.id)
	if !ok {
		return s.Faint.Render("This question was removed by its author.")
	}
	var b strings.Builder
	b.WriteString(s.Bold.Render(fit("Judge the level of the message from "+q.Item.Author, w)) + "\n\n")
	b.WriteString(wrap(q.Item.Text, w) + "\n\n")
	if lv := levelLine(c, q); lv != "" {
		b.WriteString(lv + "\n\n")
	}
	if !v.chosen {
		b.WriteString("u  urgent: a life at risk or a crime happening now — advise 999, rings every console\n")
		b.WriteString("o  routine: the team answers it in the normal way\n")
		b.WriteString("c  crime report: advise 101 or reporting online\n\n")
		b.WriteString(s.Faint.Render("Your judgement is stored with your name and becomes a labelled example for the classifier · esc cancels"))
		return b.String()
	}
	b.WriteString(s.Bold.Render("Marking it "+v.level.String()) + "\n")
	if v.needsReason(q) {
		b.WriteString("Lowering a level needs a reason: it is kept in the audit trail.\n")
	} else {
		b.WriteString(s.Faint.Render("Why, in a few words (optional) — enter stores it") + "\n")
	}
	b.WriteString("\n" + v.input.View())
	if v.missing {
		b.WriteString("\n" + s.Error.Render("a reason is needed to lower a level · esc cancels"))
	}
	return b.String()
}

func (v *judgeView) help() []key.Binding {
	if v.chosen {
		return []key.Binding{v.c.shown.Confirm, v.c.shown.Cancel}
	}
	jk := newJudgeKeys()
	return []key.Binding{jk.Urgent, jk.Routine, jk.Crime, v.c.shown.Cancel}
}

func (v *judgeView) typing() bool { return v.chosen }
