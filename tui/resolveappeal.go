package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// resolveAppealView resolves an appeal (R) in one screen.
type resolveAppealView struct {
	c        *common
	appeal   desk.Appeal
	text     string // the post as the desk last saw it
	outcome  desk.AppealOutcome
	action   desk.AppealAction
	reason   textinput.Model
	updateIn textinput.Model
	thanks   textinput.Model
	field    int // resolveReason … resolveThanks
	err      string
	w        int
	// edited marks the texts the person changed, which a new outcome
	// leaves alone.
	updateEdited, thanksEdited bool
	// blocked is the risk check's blocking findings on the update, found
	// as it changes rather than on each frame.
	blocked []desk.Finding
}

// The fields of the resolve screen, in tab order.
const (
	resolveOutcome = iota
	resolveReason
	resolveAction
	resolveUpdate
	resolveThanks
	resolveFields
)

func newResolveAppeal(c *common, a desk.Appeal) *resolveAppealView {
	in := func(prompt string, limit int) textinput.Model {
		t := newInput()
		t.Prompt = prompt
		t.CharLimit = limit
		return t
	}
	v := &resolveAppealView{c: c, appeal: a, text: c.desk.AppealText(a), outcome: desk.OutcomeFound, action: desk.ActionEdit,
		reason: in("reason: ", 300), updateIn: in("update: ", 500), thanks: in("thanks: ", 500)}
	if !a.Open() {
		v.outcome = a.Outcome
		v.reason.SetValue(a.Reason)
	}
	v.updateIn.SetValue(desk.DefaultUpdate(v.outcome))
	v.checkUpdate()
	if a.Thanks == "" {
		v.thanks.SetValue(desk.DefaultThanks(v.outcome))
	}
	v.focus(resolveReason)
	return v
}

// focus moves to field f, focusing its text input if it has one.
func (v *resolveAppealView) focus(f int) {
	v.field = (f + resolveFields) % resolveFields
	for i, in := range []*textinput.Model{&v.reason, &v.updateIn, &v.thanks} {
		if []int{resolveReason, resolveUpdate, resolveThanks}[i] == v.field {
			in.Focus()
			in.CursorEnd()
		} else {
			in.Blur()
		}
	}
}

// checkUpdate runs the risk check on the update's text, which has changed.
func (v *resolveAppealView) checkUpdate() {
	v.blocked = v.blocked[:0]
	for _, f := range v.c.desk.Check(v.updateIn.Value()) {
		if f.Severity == desk.SeverityBlock {
			v.blocked = append(v.blocked, f)
		}
	}
}

func (v *resolveAppealView) setOutcome(o desk.AppealOutcome) {
	v.outcome = o
	if !v.updateEdited {
		v.updateIn.SetValue(desk.DefaultUpdate(o))
		v.checkUpdate()
	}
	if !v.thanksEdited && v.appeal.Thanks == "" {
		v.thanks.SetValue(desk.DefaultThanks(o))
	}
}

func (v *resolveAppealView) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	k := v.c.keys
	switch {
	case key.Matches(km, k.Cancel):
		return nil, nil
	case km.Type == tea.KeyTab || km.Type == tea.KeyDown:
		v.focus(v.field + 1)
		return v, nil
	case km.Type == tea.KeyShiftTab || km.Type == tea.KeyUp:
		v.focus(v.field - 1)
		return v, nil
	case key.Matches(km, k.Confirm):
		return v.submit()
	}
	v.err = ""
	switch v.field {
	case resolveOutcome:
		if o, ok := pick(km, outcomeKeys); ok {
			v.setOutcome(o)
		}
		return v, nil
	case resolveAction:
		if a, ok := pick(km, actionKeys); ok {
			v.action = a
		}
		return v, nil
	}
	var cmd tea.Cmd
	switch v.field {
	case resolveReason:
		v.reason, cmd = v.reason.Update(km)
	case resolveUpdate:
		before := v.updateIn.Value()
		v.updateIn, cmd = v.updateIn.Update(km)
		if v.updateIn.Value() != before {
			v.updateEdited = true
			v.checkUpdate()
		}
	case resolveThanks:
		before := v.thanks.Value()
		v.thanks, cmd = v.thanks.Update(km)
		v.thanksEdited = v.thanksEdited || v.thanks.Value() != before
	}
	return v, cmd
}

// submit resolves the appeal, or says what is missing.
func (v *resolveAppealView) submit() (overlay, tea.Cmd) {
	r := desk.Resolution{Outcome: v.outcome, Reason: strings.TrimSpace(v.reason.Value()), Action: v.action}
	if v.action == desk.ActionEdit {
		r.Update = v.updateIn.Value()
		if len(v.blocked) > 0 {
			v.err = "the update still carries personal details: take them out (or delete the post)"
			v.focus(resolveUpdate)
			return v, nil
		}
	}
	if v.appeal.Thanks == "" {
		r.Thanks = v.thanks.Value()
	}
	if r.Reason == "" {
		v.err = "say why the appeal is " + string(v.outcome) + ": it is kept in the audit trail"
		v.focus(resolveReason)
		return v, nil
	}
	ok := "appeal resolved (" + string(r.Outcome) + ")"
	switch r.Action {
	case desk.ActionEdit:
		ok += " — its post now reads the update"
	case desk.ActionDelete:
		ok += " — its post is deleted"
	default:
		ok += " — its post is still up: the shift report lists it"
	}
	switch {
	case strings.TrimSpace(r.Thanks) == "":
	case blocks(v.c.desk.Check(r.Thanks)):
		ok += "; the thanks waits in Drafts: the check flagged it"
	default:
		ok += "; thanks posted"
	}
	c, id := v.c, v.appeal.ID
	return nil, c.run(ok, func() error { return c.desk.ResolveAppeal(c.ctx, c.me.ID, id, r) })
}

func (v *resolveAppealView) setSize(w, h int) {
	v.w = w
	for _, in := range []*textinput.Model{&v.reason, &v.updateIn, &v.thanks} {
		in.Width = max(10, w-12)
	}
}

func (v *resolveAppealView) view() string {
	s, w, a := v.c.styles, v.w, v.appeal
	now := v.c.now()
	var b strings.Builder
	title := "Resolve the appeal for " + kindWords(a.Kind) + " — marked " + ago(now, a.Marked) + " by " + v.c.name(a.MarkedBy)
	if a.Due(now) {
		title += " · review due"
	}
	b.WriteString(s.Bold.Render(fit(title, w)) + "\n")
	b.WriteString(wrap(s.Faint.Render(v.text), w) + "\n\n")
	b.WriteString(fit(v.mark(resolveOutcome)+"outcome:"+letters(s, outcomeKeys, v.outcome), w) + "\n")
	b.WriteString(v.mark(resolveReason) + v.reason.View() + "\n")
	b.WriteString(fit(v.mark(resolveAction)+"the post:"+letters(s, actionKeys, v.action), w) + "\n")
	if v.action == desk.ActionEdit {
		b.WriteString(v.mark(resolveUpdate) + v.updateIn.View() + "\n")
		if len(v.blocked) > 0 {
			b.WriteString(s.Block.Render(fit("  BLOCK the update still carries personal details: "+findingKinds(v.blocked), w)) + "\n")
		}
	} else {
		b.WriteString("\n")
	}
	if v.appeal.Thanks == "" {
		b.WriteString(v.mark(resolveThanks) + v.thanks.View() + "\n")
	} else {
		b.WriteString(s.Faint.Render(fit("  the thanks was posted when the appeal was first resolved", w)) + "\n")
	}
	b.WriteString("\n" + s.Faint.Render(fit("tab next field · letters choose · enter resolves · esc cancels · each is sent once", w)))
	if v.err != "" {
		b.WriteString("\n" + s.Error.Render(fit(v.err, w)))
	}
	return b.String()
}

func (v *resolveAppealView) mark(field int) string {
	if v.field == field {
		return "› "
	}
	return "  "
}

func (v *resolveAppealView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel}
}

func (v *resolveAppealView) typing() bool {
	return v.field == resolveReason || v.field == resolveUpdate || v.field == resolveThanks
}

// blocks reports whether any finding blocks.
func blocks(fs []desk.Finding) bool {
	for _, f := range fs {
		if f.Severity == desk.SeverityBlock {
			return true
		}
	}
	return false
}

// findingKinds lists the kinds of the blocking findings.
func findingKinds(fs []desk.Finding) string {
	var kinds []string
	for _, f := range fs {
		if f.Severity == desk.SeverityBlock {
			kinds = append(kinds, f.Kind)
		}
	}
	return strings.Join(kinds, ", ")
}
