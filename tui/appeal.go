package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
)

// Appeals in the console: the Team feed marks appeal posts with their age
// (and "review due" once past the review date, when every console rings),
// m marks the selected post as an appeal or sets a new review date, and R
// resolves one from a single screen: the outcome, the reason, what becomes
// of the post (edited to an update, deleted, or left) and the thanks.

var errSupervisorsResolve = errors.New("only a supervisor can resolve appeals")

// appealTag is how the Team feed labels an appeal's post.
func appealTag(a desk.Appeal, now time.Time) string {
	switch {
	case a.Due(now):
		return fmt.Sprintf("[%s %s · review due]", a.Kind, age(now, a.Marked))
	case a.Open():
		return fmt.Sprintf("[%s %s]", a.Kind, age(now, a.Marked))
	case a.StillUp():
		return fmt.Sprintf("[%s · post still up]", a.Outcome)
	case a.Action == desk.ActionDelete:
		return fmt.Sprintf("[%s · deleted]", a.Outcome)
	}
	return fmt.Sprintf("[%s · updated]", a.Outcome)
}

// kindWords names an appeal kind for people.
func kindWords(k desk.AppealKind) string {
	switch k {
	case desk.AppealMissing:
		return "missing person"
	case desk.AppealWanted:
		return "wanted person"
	case desk.AppealWitness:
		return "witnesses"
	}
	return string(k)
}

// parseReview reads when an appeal is due for review: "" (a day from now),
// a duration ("48h", "90m", "3d") or a local date and time ("2026-12-05
// 18:00", "2026-12-05").
func parseReview(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 {
			return now.AddDate(0, 0, days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, now.Location()); err == nil {
			if !t.After(now) {
				return time.Time{}, fmt.Errorf("%s is past: give a date to come", s)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("review %q: give a time from now (48h, 3d) or a date (2026-12-05 18:00)", s)
}

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
		switch km.String() {
		case "m":
			v.kind = desk.AppealMissing
		case "w":
			v.kind = desk.AppealWanted
		case "s":
			v.kind = desk.AppealWitness
		default:
			return v, nil
		}
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
	b.WriteString(lipgloss.NewStyle().Width(max(10, w-2)).Render(v.text) + "\n\n")
	b.WriteString("The appeal is the disclosure: the person it names is not flagged by the check.\n\n")
	if v.kind == "" {
		b.WriteString(s.Bold.Render("m") + " missing person   " + s.Bold.Render("w") + " wanted person   " + s.Bold.Render("s") + " witnesses   " + s.Faint.Render("esc cancels"))
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

func (v *resolveAppealView) setOutcome(o desk.AppealOutcome) {
	v.outcome = o
	if !v.updateEdited {
		v.updateIn.SetValue(desk.DefaultUpdate(o))
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
		switch km.String() {
		case "f":
			v.setOutcome(desk.OutcomeFound)
		case "a":
			v.setOutcome(desk.OutcomeArrested)
		case "c":
			v.setOutcome(desk.OutcomeClosed)
		}
		return v, nil
	case resolveAction:
		switch km.String() {
		case "e":
			v.action = desk.ActionEdit
		case "d":
			v.action = desk.ActionDelete
		case "l":
			v.action = desk.ActionLeave
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
		v.updateEdited = v.updateEdited || v.updateIn.Value() != before
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
		if blocks(v.c.desk.Check(r.Update)) {
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
	title := fmt.Sprintf("Resolve the appeal for %s — marked %s by %s", kindWords(a.Kind), ago(now, a.Marked), v.c.name(a.MarkedBy))
	if a.Due(now) {
		title += " · review due"
	}
	b.WriteString(s.Bold.Render(fit(title, w)) + "\n")
	b.WriteString(lipgloss.NewStyle().Width(max(10, w-2)).Render(s.Faint.Render(v.text)) + "\n\n")
	choice := func(field int, label string, opts [][2]string, chosen string) {
		line := label
		for _, o := range opts {
			item := "[" + o[0] + "]" + o[1]
			if o[1] == chosen || o[0]+o[1] == chosen {
				item = s.Selected.Render(item)
			}
			line += "  " + item
		}
		if v.field == field {
			line = "› " + line
		} else {
			line = "  " + line
		}
		b.WriteString(fit(line, w) + "\n")
	}
	choice(resolveOutcome, "outcome:", [][2]string{{"f", "ound"}, {"a", "rrested"}, {"c", "losed"}}, string(v.outcome))
	b.WriteString(v.mark(resolveReason) + v.reason.View() + "\n")
	choice(resolveAction, "the post:", [][2]string{{"e", "dit"}, {"d", "elete"}, {"l", "eave"}}, string(v.action))
	if v.action == desk.ActionEdit {
		b.WriteString(v.mark(resolveUpdate) + v.updateIn.View() + "\n")
		if fs := v.c.desk.Check(v.updateIn.Value()); blocks(fs) {
			b.WriteString(s.Block.Render(fit("  BLOCK the update still carries personal details: "+findingKinds(fs), w)) + "\n")
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

// checkDueAppeals rings once for each open appeal that is past its review
// date and was not yet rung for on this console, and says so in the status
// bar.
func (m *Model) checkDueAppeals() tea.Cmd {
	due := m.c.desk.DueAppeals()
	var fresh []desk.Appeal
	for _, a := range due {
		key := a.ID + "@" + a.Review.String()
		if !m.dueSeen[key] {
			m.dueSeen[key] = true
			fresh = append(fresh, a)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	a := fresh[0]
	msg := fmt.Sprintf("appeal for %s is past its review date: in the Team feed, R resolves it, m sets a new date", kindWords(a.Kind))
	if len(fresh) > 1 {
		msg = fmt.Sprintf("%d appeals are past their review date: in the Team feed, R resolves one, m sets a new date", len(fresh))
	}
	m.setResult(msg, nil)
	m.ring = true
	return tea.Tick(bellHold, func(time.Time) tea.Msg { return bellDoneMsg{} })
}

// plural is one if n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
