package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// composeView edits a reply, a team post or an existing draft, and shows the
// risk check's findings as the user types: the check runs on each edit, not
// on each frame.
type composeView struct {
	c        *common
	title    string
	replyTo  string // question ID for a new reply
	draftID  string // existing draft being edited
	ta       textarea.Model
	w, h     int
	checked  string         // the text the findings are for
	findings []desk.Finding // the risk check's findings on checked
	picker   *repliesView   // the saved replies (ctrl+r) while open
	// appeal is the kind of appeal a new team post is marked as (ctrl+g),
	// "" for none: it is checked as an appeal, which may name its person.
	appeal desk.AppealKind
}

func newCompose(c *common, title, replyTo, draftID, text string) *composeView {
	ta := textarea.New()
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Placeholder = "Write the reply. Reflect before informing: no names, addresses, plates or ages of the people involved."
	ta.ShowLineNumbers = false
	ta.CharLimit = 5000
	ta.SetValue(text)
	ta.Focus()
	v := &composeView{c: c, title: title, replyTo: replyTo, draftID: draftID, ta: ta}
	v.check()
	return v
}

// check runs the risk check on the text if it changed since the last one.
func (v *composeView) check() {
	if text := v.ta.Value(); text != v.checked || v.findings == nil {
		check := v.c.desk.Check
		if v.appeal != "" || v.draftAppeal() {
			check = v.c.desk.CheckAppeal
		}
		v.checked, v.findings = text, check(text)
		if v.findings == nil {
			v.findings = []desk.Finding{}
		}
	}
}

func (v *composeView) update(msg tea.Msg) (overlay, tea.Cmd) {
	if v.picker != nil {
		// The picker is part of the reply being written, so the reply's
		// claim stays with the console while it is open.
		next, cmd := v.picker.update(msg)
		if next != overlay(v.picker) {
			v.picker = nil
		}
		return v, cmd
	}
	k := v.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return nil, v.c.releaseClaim(v.replyTo)
		case key.Matches(msg, k.Save):
			return nil, v.save()
		case key.Matches(msg, k.AppealToggle) && v.replyTo == "" && v.draftID == "":
			v.appeal = nextAppealKind(v.appeal)
			v.findings = nil // checked again, as an appeal or not
			v.check()
			return v, nil
		case key.Matches(msg, k.SavedReply):
			v.picker = newRepliesPicker(v.c, v)
			v.picker.setSize(v.w, v.h)
			return v, nil
		}
	}
	var cmd tea.Cmd
	v.ta, cmd = v.ta.Update(msg)
	v.check()
	return v, cmd
}

func (v *composeView) setSize(w, h int) {
	v.w, v.h = w, h
	if v.picker != nil {
		v.picker.setSize(w, h)
	}
	v.ta.SetWidth(max(20, w-2))
	v.ta.SetHeight(max(3, h/3))
}

func (v *composeView) save() tea.Cmd {
	c, text := v.c, v.ta.Value()
	replyTo, draftID := v.replyTo, v.draftID
	var appeal *desk.AppealInput
	if v.appeal != "" {
		appeal = &desk.AppealInput{Kind: v.appeal}
	}
	return saving(func() tea.Msg {
		var err error
		switch {
		case draftID != "":
			err = c.desk.EditDraft(c.ctx, c.me.ID, draftID, text)
		case replyTo != "":
			draftID, err = c.desk.CreateDraft(c.ctx, c.me.ID, desk.DraftInput{Kind: desk.DraftReply, ReplyTo: replyTo, Text: text})
		default:
			draftID, err = c.desk.CreateDraft(c.ctx, c.me.ID, desk.DraftInput{Kind: desk.DraftUpdate, Text: text, Appeal: appeal})
		}
		if appeal != nil {
			return resultMsg{ok: "appeal saved — p in Drafts posts it; it is due for review in 24h (m in the Team feed sets another date)", err: err, draft: draftID}
		}
		return resultMsg{ok: "draft saved — p in Drafts posts it", err: err, draft: draftID}
	})
}

func (v *composeView) view() string {
	if v.picker != nil {
		return v.picker.view()
	}
	s, w := v.c.styles, v.w
	text, findings := v.checked, v.findings
	var b strings.Builder
	title := v.title
	if v.appeal != "" {
		title += " — appeal for " + kindWords(v.appeal) + " (the person it names is not flagged)"
	} else if v.replyTo == "" && v.draftID == "" {
		title += " · ctrl+g marks it as an appeal"
	}
	b.WriteString(s.Bold.Render(fit(title, w)) + "\n")
	b.WriteString(s.Faint.Render(fit(v.postingAs(), w)) + "\n")
	b.WriteString(v.ta.View() + "\n")
	b.WriteString(s.Faint.Render(fmt.Sprintf("%d characters", len([]rune(text)))) + "\n")
	if len(findings) == 0 {
		b.WriteString(s.OK.Render("✓ nothing found by the risk check") + "\n")
		return b.String()
	}
	b.WriteString(s.Faint.Render("As it will read, with what the check found marked:") + "\n")
	b.WriteString(wrap(highlight(s, text, findings), w) + "\n\n")
	for _, f := range findings {
		sev := s.Warn.Render("warn ")
		if f.Severity == desk.SeverityBlock {
			sev = s.Block.Render("BLOCK")
		}
		line := fmt.Sprintf("%s %s: %q — %s", sev, f.Kind, safeSpan(text, f), f.Reason)
		if f.Fix != "" {
			line += " " + s.Faint.Render("("+f.Fix+")")
		}
		b.WriteString(fit(line, w) + "\n")
	}
	return b.String()
}

// postingAs says which account the draft will leave from.
func (v *composeView) postingAs() string {
	account := v.c.me.Account
	if v.draftID != "" {
		if d, ok := v.c.desk.Draft(v.draftID); ok {
			account = d.Account
		}
	}
	if account == "" {
		return "from the team account"
	}
	return "from your own account " + account
}

func (v *composeView) help() []key.Binding {
	if v.picker != nil {
		return v.picker.help()
	}
	k := v.c.shown
	return []key.Binding{k.Save, k.SavedReply, k.Cancel}
}

// safeSpan returns the finding's text, guarding against spans that no longer
// fit the text (the user kept typing).
func safeSpan(text string, f desk.Finding) string {
	if f.Start < 0 || f.End > len(text) || f.Start > f.End {
		return ""
	}
	return text[f.Start:f.End]
}

// highlight marks the findings' spans in the text.
func highlight(s Styles, text string, fs []desk.Finding) string {
	sorted := append([]desk.Finding(nil), fs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	pos := 0
	for _, f := range sorted {
		if f.Start < pos || f.End > len(text) || f.Start > f.End {
			continue
		}
		b.WriteString(text[pos:f.Start])
		style := s.Warn.Underline(true)
		if f.Severity == desk.SeverityBlock {
			style = s.Highlight
		}
		b.WriteString(style.Render(text[f.Start:f.End]))
		pos = f.End
	}
	b.WriteString(text[pos:])
	return b.String()
}

func (v *composeView) typing() bool { return true }

// draftAppeal reports whether the draft being edited is an appeal's.
func (v *composeView) draftAppeal() bool {
	if v.draftID == "" {
		return false
	}
	_, ok := v.c.desk.Appeal(v.draftID)
	return ok
}

// nextAppealKind is the kind ctrl+g goes to next: none, then each kind.
func nextAppealKind(k desk.AppealKind) desk.AppealKind {
	kinds := desk.AppealKinds()
	for i, x := range kinds {
		if x == k {
			if i+1 < len(kinds) {
				return kinds[i+1]
			}
			return ""
		}
	}
	return kinds[0]
}
