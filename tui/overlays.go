package tui

import (
	"fmt"
	"github.com/charmbracelet/bubbles/cursor"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
)

// overlay is a view that takes the keyboard over the panes until it is done:
// the thread, the compose editor, the assign picker, the duty confirmation.
type overlay interface {
	// update handles a message; done closes the overlay.
	update(msg tea.Msg) (done bool, cmd tea.Cmd)
	view(w, h int) string
	help() []key.Binding
}

// threadView shows a question with what it answers and the team's replies.
type threadView struct {
	m     *Model
	id    string
	vp    viewport.Model
	ready bool
}

func (v *threadView) update(msg tea.Msg) (bool, tea.Cmd) {
	k := v.m.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Back):
			return true, nil
		case key.Matches(msg, k.Acknowledge, k.Assign, k.Reply, k.TakeOver, k.Close, k.Dismiss):
			return true, v.m.questionAction(msg, v.id)
		}
	}
	var cmd tea.Cmd
	v.vp, cmd = v.vp.Update(msg)
	return false, cmd
}

func (v *threadView) view(w, h int) string {
	c := v.m.c
	q, ok := c.desk.Question(v.id)
	if !ok {
		return c.styles.Faint.Render("This question was removed by its author.")
	}
	var b strings.Builder
	now := c.now()
	for _, it := range c.desk.Thread(v.id) {
		who := it.Author
		if it.AuthorName != "" {
			who = it.AuthorName + " " + it.Author
		}
		head := fmt.Sprintf("%s  %s", it.Created.In(now.Location()).Format("Mon 15:04"), oneLine(who))
		if it.ID == q.ID {
			head = c.styles.Bold.Render(head)
		} else {
			head = c.styles.Faint.Render(head)
		}
		b.WriteString(head + "\n")
		b.WriteString(lipgloss.NewStyle().Width(max(10, w-4)).Render(it.Text) + "\n")
		if it.URL != "" {
			b.WriteString(c.styles.Faint.Render(oneLine(it.URL)) + "\n")
		}
		b.WriteString("\n")
	}
	state := fmt.Sprintf("%s · arrived %s ago · visibility %s", q.State, age(now, q.Arrived), q.Item.Visibility)
	if q.Count > 1 {
		state += fmt.Sprintf(" · sent ×%d", q.Count)
	}
	if q.Assignee != "" {
		state += " · assigned to " + c.name(q.Assignee)
	}
	if lv := levelLine(c, q); lv != "" {
		state = lv + "\n" + state
	}
	b.WriteString(state)
	if !v.ready || v.vp.Width != w || v.vp.Height != h-1 {
		v.vp = viewport.New(w, h-1)
		v.ready = true
	}
	v.vp.SetContent(b.String())
	return c.styles.Bold.Render(fit("Thread", w)) + "\n" + v.vp.View()
}

func (v *threadView) help() []key.Binding {
	k := v.m.c.keys
	return []key.Binding{k.Back, k.Acknowledge, k.Assign, k.Reply, k.Close, k.Dismiss, k.Up, k.Down}
}

// composeView edits a reply, a team post or an existing draft, and shows the
// risk check's findings as the user types.
type composeView struct {
	m       *Model
	title   string
	replyTo string // question ID for a new reply
	draftID string // existing draft being edited
	ta      textarea.Model
}

func newCompose(m *Model, title, replyTo, draftID, text string) *composeView {
	ta := textarea.New()
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Placeholder = "Write the reply. Reflect before informing: no names, addresses, plates or ages of the people involved."
	ta.ShowLineNumbers = false
	ta.CharLimit = 5000
	ta.SetValue(text)
	ta.Focus()
	return &composeView{m: m, title: title, replyTo: replyTo, draftID: draftID, ta: ta}
}

func (v *composeView) update(msg tea.Msg) (bool, tea.Cmd) {
	k := v.m.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return true, v.m.releaseClaim(v.replyTo)
		case key.Matches(msg, k.Save):
			return true, v.save()
		}
	}
	var cmd tea.Cmd
	v.ta, cmd = v.ta.Update(msg)
	return false, cmd
}

func (v *composeView) save() tea.Cmd {
	c, text := v.m.c, v.ta.Value()
	replyTo, draftID := v.replyTo, v.draftID
	return func() tea.Msg {
		var err error
		switch {
		case draftID != "":
			err = c.desk.EditDraft(c.ctx, c.me.ID, draftID, text)
		case replyTo != "":
			_, err = c.desk.CreateDraft(c.ctx, c.me.ID, desk.DraftInput{Kind: desk.DraftReply, ReplyTo: replyTo, Text: text})
		default:
			_, err = c.desk.CreateDraft(c.ctx, c.me.ID, desk.DraftInput{Kind: desk.DraftUpdate, Text: text})
		}
		return resultMsg{ok: "draft saved — p in Drafts posts it", err: err}
	}
}

func (v *composeView) view(w, h int) string {
	c := v.m.c
	s := c.styles
	text := v.ta.Value()
	findings := c.desk.Check(text)
	v.ta.SetWidth(max(20, w-2))
	v.ta.SetHeight(max(3, h/3))
	var b strings.Builder
	b.WriteString(s.Bold.Render(fit(v.title, w)) + "\n")
	b.WriteString(s.Faint.Render(fit(v.postingAs(), w)) + "\n")
	b.WriteString(v.ta.View() + "\n")
	b.WriteString(s.Faint.Render(fmt.Sprintf("%d characters", len([]rune(text)))) + "\n")
	if len(findings) == 0 {
		b.WriteString(s.OK.Render("✓ nothing found by the risk check") + "\n")
		return b.String()
	}
	b.WriteString(s.Faint.Render("As it will read, with what the check found marked:") + "\n")
	b.WriteString(lipgloss.NewStyle().Width(max(10, w-2)).Render(highlight(s, text, findings)) + "\n\n")
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
	account := v.m.c.me.Account
	if v.draftID != "" {
		if d, ok := v.m.c.desk.Draft(v.draftID); ok {
			account = d.Account
		}
	}
	if account == "" {
		return "from the team account"
	}
	return "from your own account " + account
}

func (v *composeView) help() []key.Binding {
	k := v.m.c.keys
	return []key.Binding{k.Save, k.Cancel}
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

// pickerView chooses someone on shift to assign a question to.
type pickerView struct {
	m      *Model
	id     string
	people []desk.Person
	input  textinput.Model
	list   list
	shown  []int
}

func newPicker(m *Model, id string) *pickerView {
	var onShift []desk.Person
	for _, p := range m.c.desk.People() {
		if p.OnShift {
			onShift = append(onShift, p)
		}
	}
	in := newInput()
	in.Prompt = "assign to: "
	in.Focus()
	v := &pickerView{m: m, id: id, people: onShift, input: in}
	v.filter()
	return v
}

func (v *pickerView) filter() {
	v.shown = v.shown[:0]
	needle := strings.ToLower(v.input.Value())
	for i, p := range v.people {
		if needle == "" || matches(needle, p.Name, p.ID) {
			v.shown = append(v.shown, i)
		}
	}
	v.list.setLen(len(v.shown))
}

func (v *pickerView) update(msg tea.Msg) (bool, tea.Cmd) {
	k := v.m.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return true, nil
		case key.Matches(msg, k.Confirm):
			if len(v.shown) == 0 {
				return false, nil
			}
			who := v.people[v.shown[v.list.cursor]]
			c, id := v.m.c, v.id
			return true, func() tea.Msg {
				err := c.desk.Assign(c.ctx, c.me.ID, id, who.ID)
				return resultMsg{ok: "assigned to " + who.Name, err: err}
			}
		case msg.Type == tea.KeyUp || msg.Type == tea.KeyDown:
			v.list.update(msg, k)
			return false, nil
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	v.filter()
	return false, cmd
}

func (v *pickerView) view(w, h int) string {
	c := v.m.c
	q, _ := c.desk.Question(v.id)
	open := c.counts.Open
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fit("Assign: "+oneLine(q.Item.Text), w)) + "\n")
	b.WriteString(v.input.View() + "\n")
	v.list.setHeight(h - 3)
	start, end := v.list.visible()
	for i := start; i < end; i++ {
		p := v.people[v.shown[i]]
		line := fit(fmt.Sprintf("  %s (%s) %d open", p.Name, p.Role, open[p.ID]), w)
		if i == v.list.cursor {
			line = c.styles.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	if len(v.shown) == 0 {
		b.WriteString(c.styles.Faint.Render("  nobody on shift matches") + "\n")
	}
	return b.String()
}

func (v *pickerView) help() []key.Binding {
	k := v.m.c.keys
	return []key.Binding{k.Confirm, k.Cancel, k.Up, k.Down}
}

// dutyView confirms a change of team duty, showing exactly what will be posted.
type dutyView struct {
	m     *Model
	on    bool
	until textinput.Model
}

func newDutyView(m *Model) *dutyView {
	in := newInput()
	in.Prompt = "until (optional, e.g. 22:00): "
	in.CharLimit = 20
	current := m.c.desk.Duty()
	if !current.On {
		in.Focus()
	}
	return &dutyView{m: m, on: !current.On, until: in}
}

func (v *dutyView) update(msg tea.Msg) (bool, tea.Cmd) {
	k := v.m.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return true, nil
		case key.Matches(msg, k.Confirm):
			m, c, on, until := v.m, v.m.c, v.on, strings.TrimSpace(v.until.Value())
			if !on {
				until = ""
			}
			return true, func() tea.Msg {
				_, err := c.desk.SetDuty(c.ctx, c.me.ID, on, until)
				if err != nil {
					return resultMsg{err: err}
				}
				if on {
					return resultMsg{ok: "team is now ON duty — broadcast posted"}
				}
				// Going off duty ends the shift: the handover report follows.
				return m.openShift("team is now OFF duty — broadcast posted; the shift report is below")()
			}
		case msg.Type == tea.KeyTab:
			v.on = !v.on
			if v.on {
				v.until.Focus()
			} else {
				v.until.Blur()
			}
			return false, nil
		}
	}
	var cmd tea.Cmd
	v.until, cmd = v.until.Update(msg)
	return false, cmd
}

func (v *dutyView) view(w, h int) string {
	c := v.m.c
	s := c.styles
	word := s.OffDuty.Render("OFF duty")
	if v.on {
		word = s.OnDuty.Render("ON duty")
	}
	until := strings.TrimSpace(v.until.Value())
	if !v.on {
		until = ""
	}
	var b strings.Builder
	b.WriteString(s.Bold.Render("Put the team ") + word + s.Faint.Render("   (tab switches on/off)") + "\n\n")
	if v.on {
		b.WriteString(v.until.View() + "\n\n")
	}
	pv := c.desk.PreviewDuty(v.on, until)
	b.WriteString(fmt.Sprintf("This will be posted from %s · visibility %s:\n\n", s.Bold.Render(pv.Account), s.Bold.Render(string(pv.Visibility))))
	b.WriteString(s.Dialog.Width(max(20, min(w-4, 70))).Render(highlight(s, pv.Text, pv.Findings)) + "\n")
	for _, f := range pv.Findings {
		sev := s.Warn.Render("warn ")
		if f.Severity == desk.SeverityBlock {
			sev = s.Block.Render("BLOCK")
		}
		b.WriteString(fit(fmt.Sprintf("%s %s: %s", sev, f.Kind, f.Reason), w) + "\n")
	}
	if pv.Blocked() {
		b.WriteString("\n" + s.Error.Render("The risk check blocks this broadcast: the desk will refuse it and duty will not change. Fix the template in [duty].") + "\n")
	} else if len(pv.Findings) == 0 {
		b.WriteString(s.OK.Render("✓ nothing found by the risk check") + "\n")
	}
	b.WriteString("\n" + s.Faint.Render("enter posts it · esc cancels"))
	return b.String()
}

func (v *dutyView) help() []key.Binding {
	k := v.m.c.keys
	return []key.Binding{k.Confirm, k.Cancel}
}

// reasonView asks for the reason to approve a flagged draft or to reject one.
type reasonView struct {
	m       *Model
	draftID string
	approve bool
	input   textinput.Model
}

func newReasonView(m *Model, draftID string, approve bool) *reasonView {
	in := newInput()
	in.Prompt = "reason: "
	in.CharLimit = 300
	in.Focus()
	return &reasonView{m: m, draftID: draftID, approve: approve, input: in}
}

func (v *reasonView) update(msg tea.Msg) (bool, tea.Cmd) {
	k := v.m.c.keys
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return true, nil
		case key.Matches(msg, k.Confirm):
			c, id, reason, approve := v.m.c, v.draftID, v.input.Value(), v.approve
			return true, func() tea.Msg {
				if approve {
					return resultMsg{ok: "draft approved — p posts it", err: c.desk.Approve(c.ctx, c.me.ID, id, reason)}
				}
				return resultMsg{ok: "draft rejected", err: c.desk.Reject(c.ctx, c.me.ID, id, reason)}
			}
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	return false, cmd
}

func (v *reasonView) view(w, h int) string {
	c := v.m.c
	d, _ := c.desk.Draft(v.draftID)
	verb := "Reject"
	if v.approve {
		verb = "Approve"
	}
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(verb+" this draft") + "\n\n")
	b.WriteString(lipgloss.NewStyle().Width(max(10, w-2)).Render(highlight(c.styles, d.Text, d.Findings)) + "\n\n")
	for _, f := range d.Findings {
		b.WriteString(fit(fmt.Sprintf("%s %s: %s", f.Severity, f.Kind, f.Reason), w) + "\n")
	}
	if v.approve && d.State == desk.DraftFlagged {
		b.WriteString("\nThe check blocks this draft. Approving it needs a reason; it is kept in the audit trail.\n")
	}
	b.WriteString("\n" + v.input.View())
	return b.String()
}

func (v *reasonView) help() []key.Binding {
	k := v.m.c.keys
	return []key.Binding{k.Confirm, k.Cancel}
}

// newInput is a text input with a steady cursor: a blinking one redraws the
// line twice a second, which a slow SSH link pays for.
func newInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}
