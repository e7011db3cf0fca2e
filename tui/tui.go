// Package tui is the console: a Bubble Tea root model that routes messages
// to four panes (Inbound, Team feed, Drafts, Duty) and to the overlays that
// act on them. It shows the desk and sends the person's commands to it; it
// holds no business state of its own.
package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
)

type pane int

const (
	paneInbound pane = iota
	paneFeed
	paneDrafts
	paneDuty
	paneCount
)

var paneNames = [paneCount]string{"Inbound", "Team feed", "Drafts", "Duty"}

// Options make one console.
type Options struct {
	Desk *desk.Desk
	// Me is the person at the keyboard (a person ID on the roster).
	Me string
	// Renderer draws for this console's terminal; nil: lipgloss's default.
	Renderer *lipgloss.Renderer
	// Now is the clock for ages; nil: the desk's clock.
	Now func() time.Time
	// Context ends the console's commands when it ends; nil: Background.
	Context context.Context
	// AlsoHere lists other people with a console open (SSH sessions); nil: nobody.
	AlsoHere func() []string
	// Tick is how often ages are redrawn; 0: every 15 seconds; <0: never (tests).
	Tick time.Duration
}

// Model is the root Bubble Tea model of one console.
type Model struct {
	c        *common
	alsoHere func() []string
	tick     time.Duration
	width    int
	height   int
	focus    pane
	inbound  *inboundPane
	feed     *feedPane
	drafts   *draftsPane
	duty     *dutyPane
	overlay  overlay
	filter   textinput.Model
	filterOn bool
	showHelp bool
	help     help.Model
	status   string
	isError  bool
	alert    string // an urgent question arrived: shown until acknowledged or dismissed
	changes  <-chan struct{}
	cancel   func()
	lastUrg  int
	ring     bool // ring the terminal bell with the next frame

	lastRefresh    time.Time
	refreshPending bool

	replyMu    sync.Mutex
	replyingTo string // question claimed by the reply open in this console
}

// New makes a console for one person on a shared desk.
func New(opts Options) (*Model, error) {
	me, ok := opts.Desk.Person(opts.Me)
	if !ok {
		return nil, fmt.Errorf("open console: %q is not on the team's roster", opts.Me)
	}
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	if opts.Now == nil {
		opts.Now = opts.Desk.Now
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	// The desk holds the team's SLA targets: one source, so that every
	// console colours ages as the desk counts breaches.
	ack, answer := opts.Desk.SLATargets()
	c := &common{ackTarget: ack, answerTarget: answer, ctx: opts.Context, desk: opts.Desk, me: me, renderer: opts.Renderer, styles: NewStyles(opts.Renderer), keys: DefaultKeyMap(), now: opts.Now}
	filter := newInput()
	filter.Prompt = "/"
	h := help.New()
	h.Styles.ShortKey = c.styles.Bold
	h.Styles.ShortDesc = c.styles.HelpBar
	h.Styles.FullKey = c.styles.Bold
	h.Styles.FullDesc = c.styles.HelpBar
	m := &Model{
		c: c, alsoHere: opts.AlsoHere, tick: opts.Tick, filter: filter, help: h,
		inbound: &inboundPane{c: c}, feed: &feedPane{c: c}, drafts: &draftsPane{c: c}, duty: &dutyPane{c: c},
		width: 80, height: 24,
	}
	if m.tick == 0 {
		m.tick = 15 * time.Second
	}
	m.changes, m.cancel = opts.Desk.Subscribe()
	// Urgent questions already open show in the list; the banner and bell
	// are for ones that arrive while this console watches.
	m.lastUrg = opts.Desk.Counts().Urgent
	m.refresh()
	return m, nil
}

// frameInterval is the most often a console takes in desk changes: one
// frame at 60 Hz, the rate Bubble Tea draws at.
const frameInterval = time.Second / 60

type (
	changedMsg struct{}
	refreshMsg struct{}
	tickMsg    struct{}
	resultMsg  struct {
		ok  string
		err error
	}
	// openMsg opens an overlay once a command (a claim) succeeded; ok, if
	// set, says in the status bar what the command did.
	openMsg struct {
		o  overlay
		ok string
	}
)

// Init starts listening to the desk.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.waitForChange(), m.nextTick())
}

// waitForChange turns the desk's coalesced signals into one message each:
// however many changes arrive during a frame, the console redraws once.
func (m *Model) waitForChange() tea.Cmd {
	ch := m.changes
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return changedMsg{}
	}
}

func (m *Model) nextTick() tea.Cmd {
	if m.tick < 0 {
		return nil
	}
	return tea.Tick(m.tick, func(time.Time) tea.Msg { return tickMsg{} })
}

// Close stops listening to the desk.
func (m *Model) Close() {
	if m.cancel != nil {
		m.cancel()
	}
	// A console that ends mid-reply (quit, dropped SSH link, idle logout,
	// shutdown) must not leave the question claimed by nobody at a keyboard.
	// Close may run on another goroutine than Update (an SSH session's end),
	// hence the lock rather than a look at the overlay.
	m.replyMu.Lock()
	id := m.replyingTo
	m.replyingTo = ""
	m.replyMu.Unlock()
	if id != "" {
		_ = m.c.desk.Release(context.WithoutCancel(m.c.ctx), m.c.me.ID, id)
	}
}

// noteReply remembers which question this console holds a claim on while
// its reply is open, for Close.
func (m *Model) noteReply() {
	id := ""
	if v, ok := m.overlay.(*composeView); ok {
		id = v.replyTo
	}
	m.replyMu.Lock()
	m.replyingTo = id
	m.replyMu.Unlock()
}

// refreshFromDesk redraws from the desk after changes and raises the alarm
// for an urgent question that arrived since the last look.
func (m *Model) refreshFromDesk() {
	hadAlert := m.alert
	m.refresh()
	m.lastRefresh = time.Now()
	if m.alert != "" && m.alert != hadAlert {
		m.ring = true
	}
}

func (m *Model) refresh() {
	m.c.counts = m.c.desk.Counts()
	m.inbound.refresh()
	m.feed.refresh()
	m.drafts.refresh()
	m.duty.refresh()
	if n := m.c.counts.Urgent; n > m.lastUrg {
		m.alert = "URGENT question arrived — a life may be at risk: open it and advise 999"
		m.lastUrg = n
	} else {
		m.lastUrg = n
		if n == 0 {
			m.alert = ""
		}
	}
}

// Update routes a message and starts any background filter scan that
// handling it asked for.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case filterResultMsg:
		return m, m.inbound.takeResult(msg)
	case shiftReportMsg:
		if v, ok := m.overlay.(*shiftView); ok {
			v.r, v.built, v.pending = msg.r, time.Now(), false
		}
		return m, nil
	}
	_, cmd := m.route(msg)
	if v, ok := m.overlay.(*shiftView); ok {
		if _, changed := msg.(refreshMsg); changed {
			cmd = tea.Batch(cmd, v.keepFresh())
		} else if _, changed := msg.(changedMsg); changed {
			cmd = tea.Batch(cmd, v.keepFresh())
		}
	}
	if scan := m.inbound.scanCmd; scan != nil {
		m.inbound.scanCmd = nil
		return m, tea.Batch(cmd, scan)
	}
	return m, cmd
}

// route sends a message where it belongs: overlays first, then the filter,
// then the panes.
func (m *Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		return m, nil
	case changedMsg:
		// A surge brings thousands of changes a second; the console takes
		// them in at most once a frame, and the last refresh sees them all.
		if m.refreshPending {
			return m, m.waitForChange()
		}
		if wait := frameInterval - time.Since(m.lastRefresh); wait > 0 {
			m.refreshPending = true
			return m, tea.Batch(m.waitForChange(), tea.Tick(wait, func(time.Time) tea.Msg { return refreshMsg{} }))
		}
		m.refreshFromDesk()
		return m, m.waitForChange()
	case refreshMsg:
		m.refreshPending = false
		m.refreshFromDesk()
		return m, nil
	case tickMsg:
		return m, m.nextTick()
	case resultMsg:
		m.setResult(msg.ok, msg.err)
		m.refresh()
		return m, nil
	case openMsg:
		m.overlay = msg.o
		m.noteReply()
		if msg.ok != "" {
			m.setResult(msg.ok, nil)
			m.refresh()
		}
		return m, nil
	}
	if m.overlay != nil {
		done, cmd := m.overlay.update(msg)
		if done {
			m.overlay = nil
			m.noteReply()
		}
		return m, cmd
	}
	key, ok := msg.(tea.KeyMsg)
	if !ok {
		if m.filterOn {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	if m.filterOn {
		return m, m.updateFilter(key)
	}
	m.status, m.isError = "", false
	return m, m.handleKey(key)
}

func (m *Model) setResult(ok string, err error) {
	if err != nil {
		m.status, m.isError = err.Error(), true
		var claimed *desk.ClaimedError
		if errors.As(err, &claimed) && m.c.me.Role == desk.RoleSupervisor {
			m.status += " — T takes it over"
		}
		return
	}
	m.status, m.isError = ok, false
}

func (m *Model) updateFilter(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.filterOn = false
		m.filter.SetValue("")
		m.setFilter("")
		return nil
	case tea.KeyEnter:
		m.filterOn = false
		m.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.setFilter(m.filter.Value())
	return cmd
}

// setFilter filters the focused pane as the user types.
func (m *Model) setFilter(f string) {
	switch m.focus {
	case paneInbound:
		m.inbound.filter = f
		m.inbound.scanCmd = m.inbound.applyFilter(true)
	case paneFeed:
		m.feed.filter = f
		m.feed.refresh()
	case paneDrafts:
		m.drafts.filter = f
		m.drafts.refresh()
	case paneDuty:
		m.duty.filter = f
		m.duty.refresh()
	}
}

func (m *Model) focusedList() *list {
	switch m.focus {
	case paneFeed:
		return &m.feed.list
	case paneDrafts:
		return &m.drafts.list
	case paneDuty:
		return &m.duty.list
	}
	return &m.inbound.list
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.Close()
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.NextPane):
		m.focus = (m.focus + 1) % paneCount
		return nil
	case key.Matches(msg, k.PrevPane):
		m.focus = (m.focus + paneCount - 1) % paneCount
		return nil
	case key.Matches(msg, k.Pane1, k.Pane2, k.Pane3, k.Pane4):
		m.focus = pane(msg.Runes[0] - '1')
		return nil
	case key.Matches(msg, k.Filter):
		m.filterOn = true
		m.filter.SetValue(m.currentFilter())
		m.filter.CursorEnd()
		return m.filter.Focus()
	case key.Matches(msg, k.Duty):
		m.overlay = newDutyView(m)
		return nil
	case key.Matches(msg, k.Report):
		return m.openShift("")
	case key.Matches(msg, k.NewPost):
		m.overlay = newCompose(m, "New team post", "", "", "")
		return nil
	case key.Matches(msg, k.Back):
		m.alert = ""
		return nil
	}
	if m.focusedList().update(msg, k) {
		return nil
	}
	switch m.focus {
	case paneInbound:
		if q, ok := m.inbound.selected(); ok {
			if key.Matches(msg, k.Open) {
				m.overlay = &threadView{m: m, id: q.ID}
				return nil
			}
			if key.Matches(msg, k.Sort) {
				m.inbound.oldestFirst = !m.inbound.oldestFirst
				m.inbound.refresh()
				return nil
			}
			return m.questionAction(msg, q.ID)
		}
	case paneFeed:
		if it, ok := m.feed.selected(); ok && key.Matches(msg, k.Open) {
			m.overlay = &postView{m: m, item: it}
			return nil
		}
	case paneDrafts:
		if d, ok := m.drafts.selected(); ok {
			return m.draftAction(msg, d)
		}
	case paneDuty:
		if p, ok := m.duty.selected(); ok && key.Matches(msg, k.Shift) {
			if n := m.c.counts.Open[p.ID]; p.OnShift && n > 0 {
				m.overlay = newHandOver(m, p, n)
				return nil
			}
			c, on := m.c, !p.OnShift
			return func() tea.Msg {
				return resultMsg{ok: fmt.Sprintf("%s is now %s shift", p.Name, onOff(on)), err: c.desk.SetShift(c.ctx, c.me.ID, p.ID, on)}
			}
		}
	}
	return nil
}

func (m *Model) currentFilter() string {
	switch m.focus {
	case paneFeed:
		return m.feed.filter
	case paneDrafts:
		return m.drafts.filter
	case paneDuty:
		return m.duty.filter
	}
	return m.inbound.filter
}

// questionAction runs a triage key on a question, from a pane or the thread.
func (m *Model) questionAction(msg tea.KeyMsg, id string) tea.Cmd {
	k, c := m.c.keys, m.c
	run := func(ok string, f func() error) tea.Cmd {
		return func() tea.Msg { return resultMsg{ok: ok, err: f()} }
	}
	switch {
	case key.Matches(msg, k.Acknowledge):
		return run("acknowledged", func() error { return c.desk.Acknowledge(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Close):
		return run("closed", func() error { return c.desk.Close(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Dismiss):
		return run("dismissed", func() error { return c.desk.Dismiss(c.ctx, c.me.ID, id) })
	case key.Matches(msg, k.Assign):
		if c.me.Role != desk.RoleSupervisor {
			m.setResult("", fmt.Errorf("only a supervisor can assign questions"))
			return nil
		}
		m.overlay = newPicker(m, id)
		return nil
	case key.Matches(msg, k.Reply, k.TakeOver):
		takeover := key.Matches(msg, k.TakeOver)
		q, _ := c.desk.Question(id)
		return func() tea.Msg {
			if err := c.desk.Claim(c.ctx, c.me.ID, id, takeover); err != nil {
				return resultMsg{err: err}
			}
			return openMsg{o: newCompose(m, "Reply to "+q.Item.Author+": "+oneLine(q.Item.Text), id, "", "")}
		}
	}
	return nil
}

// releaseClaim gives up a reply that was abandoned.
func (m *Model) releaseClaim(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	c := m.c
	return func() tea.Msg {
		if err := c.desk.Release(c.ctx, c.me.ID, id); err != nil {
			return resultMsg{err: err}
		}
		return resultMsg{ok: "reply abandoned"}
	}
}

func (m *Model) draftAction(msg tea.KeyMsg, d desk.Draft) tea.Cmd {
	k, c := m.c.keys, m.c
	switch {
	case key.Matches(msg, k.Send):
		return func() tea.Msg {
			return resultMsg{ok: "posted", err: c.desk.Send(c.ctx, c.me.ID, d.ID)}
		}
	case key.Matches(msg, k.Approve):
		if d.State == desk.DraftFlagged {
			m.overlay = newReasonView(m, d.ID, true)
			return nil
		}
		return func() tea.Msg {
			return resultMsg{ok: "approved", err: c.desk.Approve(c.ctx, c.me.ID, d.ID, "")}
		}
	case key.Matches(msg, k.Reject):
		m.overlay = newReasonView(m, d.ID, false)
		return nil
	case key.Matches(msg, k.Edit, k.Open):
		m.overlay = newCompose(m, "Edit draft", "", d.ID, d.Text)
		return nil
	}
	return nil
}

// View draws the whole console in exactly the terminal's size.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w < 20 || h < 8 {
		return "dutydesk needs at least 20×8"
	}
	header := m.header(w)
	status := m.statusBar(w)
	helpLine := m.helpBar(w)
	bodyH := h - 3
	if m.alert != "" {
		bodyH--
	}
	var body string
	switch {
	case m.showHelp:
		body = m.c.styles.Bold.Render("All keys — any key closes") + "\n\n" + m.help.FullHelpView(m.c.keys.FullHelp())
	case m.overlay != nil:
		body = m.overlay.view(w, bodyH)
	default:
		body = m.panes(w, bodyH)
	}
	if m.showHelp || m.overlay != nil {
		// Panes are drawn to the exact size; overlays and help are cut and
		// padded to it here.
		body = place(body, w, bodyH)
	}
	parts := []string{header}
	if m.alert != "" {
		parts = append(parts, m.c.styles.Urgent.Reverse(true).Render(fit(" ‼ "+m.alert+" (esc hides)", w)))
	}
	parts = append(parts, body, status, helpLine)
	frame := strings.Join(parts, "\n")
	if m.ring {
		// The bell goes out with the frame, to this console's own terminal
		// (over SSH, the session's), not the server's.
		m.ring = false
		frame = "\a" + frame
	}
	return frame
}

// wide reports whether all four panes fit side by side.
func (m *Model) wide(w, h int) bool { return w >= 120 && h >= 30 }

func (m *Model) panes(w, h int) string {
	if !m.wide(w, h+3) {
		tabs := make([]string, 0, paneCount)
		for i := pane(0); i < paneCount; i++ {
			label := fmt.Sprintf(" %d %s ", i+1, paneNames[i])
			if i == m.focus {
				tabs = append(tabs, m.c.styles.Selected.Render(label))
			} else {
				tabs = append(tabs, m.c.styles.Faint.Render(label))
			}
		}
		return fit(strings.Join(tabs, ""), w) + "\n" + m.paneView(m.focus, w, h-1, true)
	}
	left := w * 3 / 5
	right := w - left
	top := h - h*2/5
	bottom := h - top
	l := m.paneView(paneInbound, left, top, m.focus == paneInbound) + "\n" + m.paneView(paneDrafts, left, bottom, m.focus == paneDrafts)
	r := m.paneView(paneFeed, right, top, m.focus == paneFeed) + "\n" + m.paneView(paneDuty, right, bottom, m.focus == paneDuty)
	return besideEachOther(l, r)
}

func (m *Model) paneView(p pane, w, h int, focused bool) string {
	switch p {
	case paneFeed:
		return m.feed.view(w, h, focused)
	case paneDrafts:
		return m.drafts.view(w, h, focused)
	case paneDuty:
		return m.duty.view(w, h, focused)
	}
	return m.inbound.view(w, h, focused)
}

func (m *Model) header(w int) string {
	s := m.c.styles
	duty := m.c.desk.Duty()
	state := s.OffDuty.Render("○ OFF DUTY")
	if duty.On {
		state = s.OnDuty.Render("● ON DUTY")
		if duty.Until != "" {
			state += s.OnDuty.Render(" until " + duty.Until)
		}
	}
	right := state + " · " + m.c.me.Name + " (you)"
	if m.alsoHere != nil {
		if others := m.alsoHere(); len(others) > 0 {
			right += " · also here: " + strings.Join(others, ", ")
		}
	}
	left := s.HeaderTeam.Render(" " + m.c.desk.Team())
	gap := w - lipgloss.Width(left) - lipgloss.Width(right) - 1
	if gap < 1 {
		return fit(left+" "+right, w)
	}
	return left + strings.Repeat(" ", gap) + right + " "
}

func (m *Model) statusBar(w int) string {
	s := m.c.styles
	if m.filterOn {
		return fit(m.filter.View()+s.Faint.Render("   enter keeps · esc clears"), w)
	}
	if m.status != "" {
		st := s.Info
		if m.isError {
			st = s.Error
		}
		return fit(st.Render(" "+m.status), w)
	}
	counts := m.c.counts
	now := m.c.now()
	breaches := m.c.desk.Breached(now, m.c.ackTarget, m.c.answerTarget)
	parts := []string{fmt.Sprintf(" %d new · %d ack · %d asg · %d answered",
		counts.ByState[desk.StateNew], counts.ByState[desk.StateAcknowledged], counts.ByState[desk.StateAssigned], counts.ByState[desk.StateAnswered])}
	if !counts.OldestUnacknowledged.IsZero() {
		parts = append(parts, "oldest unacked "+age(now, counts.OldestUnacknowledged))
	}
	if counts.Urgent > 0 {
		parts = append(parts, s.Urgent.Render(fmt.Sprintf("urgent %d", counts.Urgent)))
	}
	switch {
	case breaches.Answer > 0:
		parts = append(parts, s.Breach.Render(fmt.Sprintf("breaches %d ack · %d answer", breaches.Acknowledge, breaches.Answer)))
	case breaches.Acknowledge > 0:
		parts = append(parts, s.Breach.Render(fmt.Sprintf("breaches %d", breaches.Acknowledge)))
	}
	// Feed and store conditions in a steady order (the map's would make the
	// bar flicker); a fault leads the bar so that a narrow terminal still
	// shows it, routine ones ("live") follow the counts.
	health := m.c.desk.Health()
	names := make([]string, 0, len(health))
	for name := range health {
		names = append(names, name)
	}
	sort.Strings(names)
	var faults []string
	for _, name := range names {
		cond := health[name]
		switch {
		case cond == "":
		case cond == "live" || strings.HasPrefix(cond, "polling"):
			parts = append(parts, name+" "+cond)
		default:
			faults = append(faults, s.Error.Render(name+" "+cond))
		}
	}
	if len(faults) > 0 {
		parts = append([]string{" " + strings.Join(faults, " · ")}, parts...)
		parts[1] = strings.TrimPrefix(parts[1], " ")
	}
	return fit(strings.Join(parts, " · "), w)
}

func (m *Model) helpBar(w int) string {
	var bindings []key.Binding
	if m.overlay != nil {
		bindings = m.overlay.help()
	} else {
		bindings = m.c.keys.paneHelp(m.focus)
	}
	m.help.Width = w
	return fit(" "+m.help.ShortHelpView(bindings), w)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
