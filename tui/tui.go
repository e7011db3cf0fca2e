// Package tui is the console: a Bubble Tea root model that routes messages
// to four panes (Inbound, Team feed, Drafts, Duty) and to the overlays that
// act on them. It shows the desk and sends the person's commands to it; it
// holds no business state of its own.
//
// The root (tui.go) goes through pane.go's two interfaces: the panes are
// inbound.go, feed.go, drafts.go and duty.go, and each overlay has its own
// file (thread.go, compose.go, picker.go, replies.go, handover.go, …). What
// they share: list.go (the cursor, fitting and framing), kept.go (the items
// a filter keeps), choices.go (a list that narrows as you type), pager.go
// (a titled viewport) and actions.go (the keys that act on a question or a
// draft). plain*.go is the plain console, for screen readers.
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
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
)

// The panes, in the order of their tabs and number keys.
const (
	paneInbound = iota
	paneFeed
	paneDrafts
	paneDuty
	paneCount
)

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
	// Team is the team the console shows first (a team ID, or AllTeams);
	// "": the first team on the desk the person is on.
	Team string
}

// Model is the root Bubble Tea model of one console. It routes keys to the
// open overlay or the focused pane, lays the panes out when the terminal's
// size changes, and draws; its View only renders.
type Model struct {
	c        *common
	alsoHere func() []string
	tick     time.Duration
	width    int
	height   int
	focus    int
	panes    [paneCount]pane
	inbound  *inboundPane // panes[paneInbound], for its filter scans
	drafts   *draftsPane  // panes[paneDrafts], whose cursor follows a draft just saved
	overlay  overlay
	filter   textinput.Model
	filterOn bool
	// cmdline is the `:` command line (cmdline.go), open while cmdOn.
	cmdline  textinput.Model
	cmdOn    bool
	cmdHint  string
	showHelp bool
	help     help.Model
	status   string
	isError  bool
	// statusHealth is the desk's health when status was set: a change of
	// health clears the message, which would otherwise hide it.
	statusHealth string
	statusSince  time.Time // when status was set: it stays at least messageHold
	alert        string    // an urgent question arrived: shown until acknowledged or dismissed
	changes      <-chan struct{}
	cancel       func()
	lastUrg      int
	// lastTransfers is how many questions had been transferred to the
	// console's team at the last look: one more rings (team.go).
	lastTransfers int
	flashLabel    string // what the flashing header says: "‼ URGENT ‼", "⇄ TRANSFERRED IN"
	reopened      int    // how many of this person's answered questions had reopened at the last look
	ring          bool   // ring the terminal bell with the frames drawn until bellDoneMsg
	flash         int    // header flashes left to draw for an urgent arrival (flash.go)
	// dueSeen holds the appeals past their review date this console has
	// rung for (ID and review date: a new date rings again when it passes).
	dueSeen map[string]bool

	lastRefresh    time.Time
	refreshPending bool

	replyMu    sync.Mutex
	replyingTo string // question claimed by the reply open in this console

	// opened is the desk the console was opened on; past is where it
	// stands in time while it shows the desk at a moment (past.go).
	opened *desk.Desk
	past   pastView
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
	c.team = firstTeam(opts.Desk, me, opts.Team)
	c.shown = helpKeys(c.keys, me.Role)
	filter := newInput()
	filter.Prompt = "/"
	cmdline := newInput()
	cmdline.Prompt = ":"
	h := help.New()
	h.Styles.ShortKey = c.styles.Bold
	h.Styles.ShortDesc = c.styles.HelpBar
	h.Styles.FullKey = c.styles.Bold
	h.Styles.FullDesc = c.styles.HelpBar
	m := &Model{
		c: c, alsoHere: opts.AlsoHere, tick: opts.Tick, filter: filter, cmdline: cmdline, help: h,
		inbound: &inboundPane{c: c}, drafts: &draftsPane{c: c}, width: 80, height: 24, opened: opts.Desk, dueSeen: map[string]bool{},
	}
	m.panes = [paneCount]pane{m.inbound, &feedPane{c: c}, m.drafts, &dutyPane{c: c}}
	if m.tick == 0 {
		m.tick = 15 * time.Second
	}
	m.changes, m.cancel = opts.Desk.Subscribe()
	// Urgent questions already open show in the list; the banner and bell
	// are for ones that arrive while this console watches.
	m.lastUrg = opts.Desk.TeamCounts(c.team).Urgent
	m.lastTransfers = m.transfersIn()
	m.reopened, _ = opts.Desk.Reopened(m.c.me.ID)
	m.refresh()
	m.layout()
	return m, nil
}

// frameInterval is the most often a console takes in desk changes: one
// frame at 60 Hz, the rate Bubble Tea draws at.
const frameInterval = time.Second / 60

type (
	changedMsg struct{}
	refreshMsg struct{}
	tickMsg    struct{}
	// bellDoneMsg ends the frames that ring the bell.
	bellDoneMsg struct{}
)

// bellHold is how long frames carry the bell: long enough for the renderer
// to draw one of them, which it does at most once a frame.
const bellHold = 100 * time.Millisecond

// Init starts listening to the desk.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.waitForChange(), m.nextTick(), m.checkDueAppeals())
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
	// Not tea.Tick: its goroutine outlives the console by up to a tick, and a
	// server that logs people in and out all day would carry them.
	ctx, tick := m.c.ctx, m.tick
	return func() tea.Msg {
		t := time.NewTimer(tick)
		defer t.Stop()
		select {
		case <-t.C:
			return tickMsg{}
		case <-ctx.Done():
			return nil
		}
	}
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
		_ = m.opened.Release(context.WithoutCancel(m.c.ctx), m.c.me.ID, id)
	}
}

// setClaim remembers which question this console holds a claim on while
// its reply is open, for Close.
func (m *Model) setClaim(id string) {
	m.replyMu.Lock()
	m.replyingTo = id
	m.replyMu.Unlock()
}

// refreshFromDesk redraws from the desk after changes, raises the alarm
// for an urgent question that arrived since the last look, and tells an
// open overlay.
func (m *Model) refreshFromDesk() tea.Cmd {
	cmd := m.clearStatusOnHealthChange()
	hadAlert := m.alert
	cmd = tea.Batch(cmd, m.refresh())
	m.lastRefresh = time.Now()
	if m.alert != "" && m.alert != hadAlert {
		m.ring = true
		cmd = tea.Batch(cmd, tea.Tick(bellHold, func(time.Time) tea.Msg { return bellDoneMsg{} }), m.startFlash())
	}
	if m.overlay != nil {
		var ocmd tea.Cmd
		m.overlay, ocmd = m.overlay.update(deskChangedMsg{})
		cmd = tea.Batch(cmd, ocmd)
	}
	return tea.Batch(cmd, m.checkDueAppeals())
}

// refresh takes the desk's state into every pane.
func (m *Model) refresh() tea.Cmd {
	m.c.counts = m.c.desk.TeamCounts(m.c.team)
	// A roster reload may have changed this person's name or role: the
	// keys shown follow at once.
	if me, ok := m.c.desk.Person(m.c.me.ID); ok && !me.Equal(m.c.me) {
		m.c.me = me
		m.c.shown = helpKeys(m.c.keys, me.Role)
	}
	var cmds []tea.Cmd
	for _, p := range m.panes {
		cmds = append(cmds, p.refresh())
	}
	m.tellReopened()
	if n := m.liveUrgent(); n > m.lastUrg {
		m.alert, m.flashLabel = urgentAlert, "‼ URGENT ‼"
		m.lastUrg = n
	} else {
		m.lastUrg = n
		if n == 0 && m.alert == urgentAlert {
			m.alert = ""
		}
	}
	if n := m.transfersIn(); n > m.lastTransfers {
		m.lastTransfers = n
		if m.alert != urgentAlert {
			m.alert, m.flashLabel = m.transferAlert(), "⇄ TRANSFERRED IN"
		}
	}
	return tea.Batch(cmds...)
}

// Update routes a message, then lays the screen out again for whatever the
// message changed (the terminal's size, the alert line, a new overlay).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok && km.Type == tea.KeyRunes && (len(km.Runes) > 1 || km.Alt || km.Paste) {
		return m, m.burst(km)
	}
	cmd := m.route(msg)
	m.layout()
	return m, cmd
}

// burst takes apart keys that arrived in one read: a held-down j, keys
// typed ahead over a slow link, esc and the key after it (which the terminal
// reader takes for alt+key). Where keys are commands each one runs in turn,
// as if typed slowly; once a key opens a text field, the rest is its text.
// A bracketed paste is text: typed into a field, never run as commands.
func (m *Model) burst(km tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	one := func(msg tea.KeyMsg) {
		cmds = append(cmds, m.route(msg))
		m.layout()
	}
	if km.Paste {
		if m.typing() {
			one(km)
		} else {
			m.setResult("", errors.New("pasted text is only taken in a text field: press r to reply, n to write a post, / to filter"))
		}
		return tea.Batch(cmds...)
	}
	if km.Alt {
		// No key of the console uses alt: this is esc, read together with
		// the key typed after it.
		one(tea.KeyMsg{Type: tea.KeyEsc})
	}
	rs := km.Runes
	for len(rs) > 0 {
		if m.typing() {
			one(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs})
			break
		}
		one(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs[:1]})
		rs = rs[1:]
	}
	return tea.Batch(cmds...)
}

// typing reports whether keys are text for a field rather than commands.
func (m *Model) typing() bool {
	return m.filterOn || m.cmdOn || (m.overlay != nil && m.overlay.typing())
}

// route sends a message where it belongs: overlays first, then the filter,
// then the panes.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case filterResultMsg:
		return m.inbound.takeResult(msg)
	case archiveResultMsg:
		return m.inbound.takeArchive(msg)
	case changedMsg:
		// A surge brings thousands of changes a second; the console takes
		// them in at most once a frame, and the last refresh sees them all.
		if m.refreshPending {
			return m.waitForChange()
		}
		if wait := frameInterval - time.Since(m.lastRefresh); wait > 0 {
			m.refreshPending = true
			return tea.Batch(m.waitForChange(), tea.Tick(wait, func(time.Time) tea.Msg { return refreshMsg{} }))
		}
		return tea.Batch(m.refreshFromDesk(), m.waitForChange())
	case refreshMsg:
		m.refreshPending = false
		return m.refreshFromDesk()
	case tea.MouseMsg:
		return m.mouse(msg)
	case tickMsg:
		// Time passing makes appeals due, with nothing changing on the desk.
		return tea.Batch(m.nextTick(), m.checkDueAppeals())
	case bellDoneMsg:
		m.ring = false
		return nil
	case statusRecheckMsg:
		return m.clearStatusOnHealthChange()
	case flashMsg:
		return m.nextFlash()
	case pendingMsg:
		m.setResult(savingMark, nil)
		return nil
	case resultMsg:
		m.setResult(msg.ok, msg.err)
		if msg.draft != "" && msg.err == nil {
			m.drafts.follow = msg.draft
		}
		return m.refresh()
	case pastMsg:
		return m.takePast(msg)
	case stepMsg:
		return m.step(msg.by)
	case gotoMsg:
		return m.goTo(msg.at)
	case openMsg:
		m.overlay = msg.o
		m.setClaim(msg.claim)
		if msg.ok != "" {
			m.setResult(msg.ok, nil)
			return m.refresh()
		}
		return nil
	}
	if m.overlay != nil {
		next, cmd := m.overlay.update(msg)
		if next != m.overlay {
			m.setClaim("")
		}
		m.overlay = next
		return cmd
	}
	key, ok := msg.(tea.KeyMsg)
	if !ok {
		if m.cmdOn {
			var cmd tea.Cmd
			m.cmdline, cmd = m.cmdline.Update(msg)
			return cmd
		}
		if m.filterOn {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			return cmd
		}
		return nil
	}
	if m.cmdOn {
		return m.updateCommandLine(key)
	}
	if m.filterOn {
		return m.updateFilter(key)
	}
	m.status, m.isError = "", false
	return m.handleKey(key)
}

// layout gives every pane and the open overlay its size: the body is the
// screen less the header, the alert, the status and the help lines.
func (m *Model) layout() {
	w := m.width
	m.help.Width = w
	bodyH := m.bodyHeight()
	if m.overlay != nil {
		m.overlay.setSize(w, bodyH)
	}
	if !m.wide(w, bodyH+3) {
		for _, p := range m.panes {
			p.setSize(w, bodyH-1) // under the tabs
		}
		return
	}
	left, top := split(w, bodyH)
	m.panes[paneInbound].setSize(left, top)
	m.panes[paneDrafts].setSize(left, bodyH-top)
	m.panes[paneFeed].setSize(w-left, top)
	m.panes[paneDuty].setSize(w-left, bodyH-top)
}

// bodyHeight is the height between the header (and alert) and the status
// and help lines.
func (m *Model) bodyHeight() int {
	h := m.height - 3
	if m.alert != "" {
		h--
	}
	if _, viewing := m.c.desk.Viewing(); viewing {
		h-- // the event the console stands at (past.go)
	}
	return h
}

// healthKey is the desk's health as one comparable string.
func healthKey(h map[string]string) string {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + "\x00" + h[n] + "\x00")
	}
	return b.String()
}

// messageHold is how long a key's message stays before a change of health
// may replace it: long enough to be drawn and read ("draft saved" cleared
// in the frame it was set in was never seen), short enough that a health
// change is never hidden for long.
const messageHold = 1500 * time.Millisecond

// statusRecheckMsg looks again at a message a health change is waiting on.
type statusRecheckMsg struct{}

// clearStatusOnHealthChange clears the message once health has changed
// since it was set, so the status bar shows the change; a message younger
// than messageHold is cleared when it has been up that long.
func (m *Model) clearStatusOnHealthChange() tea.Cmd {
	if m.status == "" || healthKey(m.c.desk.Health()) == m.statusHealth {
		return nil
	}
	if wait := messageHold - time.Since(m.statusSince); wait > 0 {
		return tea.Tick(wait, func(time.Time) tea.Msg { return statusRecheckMsg{} })
	}
	m.status, m.isError = "", false
	return nil
}

func (m *Model) setResult(ok string, err error) {
	m.statusHealth = healthKey(m.c.desk.Health())
	m.statusSince = time.Now()
	if err != nil {
		m.status, m.isError = err.Error(), true
		var claimed *desk.ClaimedError
		if errors.As(err, &claimed) && m.c.me.Role == desk.RoleSupervisor {
			m.status += " — T takes it over"
		}
		var gone *desk.QuestionGoneError
		if errors.As(err, &gone) && gone.Author != "" {
			m.status = "the question was deleted by its author — M sends the reply to " + gone.Author + " as a direct message, X discards it"
		}
		return
	}
	m.status, m.isError = ok, false
}

func (m *Model) updateFilter(msg tea.KeyMsg) tea.Cmd {
	focused := m.panes[m.focus]
	switch msg.Type {
	case tea.KeyEsc:
		m.filterOn = false
		m.filter.SetValue("")
		return focused.setFilter("")
	case tea.KeyEnter:
		m.filterOn = false
		m.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	return tea.Batch(cmd, focused.setFilter(m.filter.Value()))
}

// handleKey runs the console's own keys and gives the rest to the focused
// pane.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k, c := m.c.keys, m.c
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	if cmd, ok := m.pastKey(msg); ok {
		return cmd
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
		m.focus = int(msg.Runes[0] - '1')
		return nil
	case key.Matches(msg, k.Filter):
		m.filterOn = true
		m.filter.SetValue(m.panes[m.focus].filterText())
		m.filter.CursorEnd()
		return m.filter.Focus()
	case key.Matches(msg, k.Command):
		return m.openCommandLine()
	case key.Matches(msg, k.Duty):
		if !c.supervisor() {
			return refuse(errSupervisorsDuty)
		}
		if c.team == AllTeams {
			return refuse(errDutyNeedsATeam)
		}
		m.overlay = newDutyView(c)
		return nil
	case key.Matches(msg, k.Team):
		return m.switchTeam("")
	case key.Matches(msg, k.Report):
		return c.openShift("")
	case key.Matches(msg, k.NewPost):
		m.overlay = newCompose(c, "New team post", "", "", "")
		return nil
	case key.Matches(msg, k.Back):
		// esc clears a kept filter first, then hides the alert.
		if p := m.panes[m.focus]; p.filterText() != "" {
			m.filter.SetValue("")
			return p.setFilter("")
		}
		m.alert = ""
		return nil
	}
	o, cmd := m.panes[m.focus].update(msg)
	if o != nil {
		m.overlay = o
	}
	return cmd
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
	bodyH := m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = m.c.styles.Bold.Render("All keys — any key closes") + "\n\n" + allKeys(m.c, w, bodyH-2)
	case m.overlay != nil:
		body = m.overlay.view()
	default:
		body = m.drawPanes(w, bodyH)
	}
	if m.showHelp || m.overlay != nil {
		// Panes are drawn to the exact size; overlays and help are cut and
		// padded to it here.
		body = place(body, w, bodyH)
	}
	parts := []string{header}
	if line := m.pastLine(w); line != "" {
		parts = append(parts, line)
	}
	if m.alert != "" {
		parts = append(parts, m.c.styles.Urgent.Reverse(true).Render(fit(" ‼ "+m.alert+" (esc hides)", w)))
	}
	parts = append(parts, body, status, helpLine)
	frame := strings.Join(parts, "\n")
	if m.ring {
		// The bell goes out with the frame, to this console's own terminal
		// (over SSH, the session's), not the server's. The renderer skips
		// a first line it has already drawn, so it rings once.
		frame = "\a" + frame
	}
	return frame
}

// wide reports whether all four panes fit side by side.
func (m *Model) wide(w, h int) bool { return w >= 120 && h >= 30 }

// drawPanes draws the panes at the sizes layout gave them: all four at
// once on a big terminal, else the focused one under a row of tabs.
func (m *Model) drawPanes(w, h int) string {
	if !m.wide(w, h+3) {
		tabs := make([]string, 0, paneCount)
		for i, p := range m.panes {
			label := fmt.Sprintf(" %d %s ", i+1, p.name())
			if i == m.focus {
				tabs = append(tabs, m.c.styles.Selected.Render(label))
			} else {
				tabs = append(tabs, m.c.styles.Faint.Render(label))
			}
		}
		return fit(strings.Join(tabs, ""), w) + "\n" + m.panes[m.focus].view(true)
	}
	view := func(i int) string { return m.panes[i].view(m.focus == i) }
	l := view(paneInbound) + "\n" + view(paneDrafts)
	r := view(paneFeed) + "\n" + view(paneDuty)
	return besideEachOther(l, r)
}

func (m *Model) header(w int) string {
	duty := m.c.duty()
	label := m.flashLabel
	if label == "" {
		label = "‼ URGENT ‼"
	}
	h := headerLine{set: m.c.styles.set, team: m.c.teamLabel(), on: duty.On, until: duty.Until, me: m.c.me.Name, flashing: m.flashing(), label: label, w: w, viewing: m.viewingLabel()}
	if m.alsoHere != nil {
		h.others = strings.Join(m.alsoHere(), ", ")
	}
	return headers.get(h, func() string { return h.draw(m.c.styles) })
}

// headerLine is everything the header shows; draw is a function of it alone.
type headerLine struct {
	set       styleSet
	team      string
	on        bool
	until, me string
	others    string // the others here, "" for nobody
	viewing   string // the moment shown, "" when live (past.go)
	flashing  bool
	label     string // what the flashing header says: "‼ URGENT ‼", "⇄ TRANSFERRED IN"
	w         int
}

// headers holds drawn headers for every console.
var headers = newMemo[headerLine, string](1 << 8)

func (h headerLine) draw(s Styles) string {
	w := h.w
	state := s.OffDuty.Render("○ OFF DUTY")
	if h.on {
		state = s.OnDuty.Render("● ON DUTY")
		if h.until != "" {
			state += s.OnDuty.Render(" until " + h.until)
		}
	}
	right := state + " · " + h.me + " (you)"
	if h.viewing != "" {
		right = s.Possible.Render(h.viewing) + " · " + right
	}
	if h.others != "" {
		right += " · also here: " + h.others
	}
	left := s.HeaderTeam.Render(" " + h.team)
	if h.flashing {
		return s.Urgent.Reverse(true).Render(fit(" "+h.label+"  "+h.team+" · "+ansi.Strip(right), w))
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right) - 1
	if gap < 1 {
		return fit(left+" "+right, w)
	}
	return left + strings.Repeat(" ", gap) + right + " "
}

func (m *Model) statusBar(w int) string {
	s := m.c.styles
	if m.cmdOn {
		return m.commandLineView(w)
	}
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
		parts = append(parts, "oldest unacked "+m.c.dutyAge(now, counts.OldestUnacknowledged))
	}
	if counts.Urgent > 0 {
		parts = append(parts, s.Urgent.Render(fmt.Sprintf("urgent %d", counts.Urgent)))
	}
	if counts.Possible > 0 {
		parts = append(parts, s.Possible.Render(fmt.Sprintf("check now %d", counts.Possible)))
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
		case name == "store" && strings.Contains(cond, "not being saved"):
			// says itself what it is: "database unreachable — changes …"
			faults = append(faults, s.Error.Render(cond))
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
	bindings := m.panes[m.focus].help()
	if m.overlay != nil {
		bindings = m.overlay.help()
	}
	var k strings.Builder
	for _, b := range bindings {
		if b.Enabled() {
			k.WriteString(b.Help().Key + "\x00" + b.Help().Desc + "\x00")
		}
	}
	return fit(" "+helpLines.get(helpKey{m.c.styles.set, m.help.Width, k.String()}, func() string { return m.help.ShortHelpView(bindings) }), w)
}

// helpKey is what a help line depends on: the styles, the width it is cut
// to, and the keys shown.
type helpKey struct {
	set   styleSet
	width int
	keys  string
}

// helpLines holds drawn help lines for every console.
var helpLines = newMemo[helpKey, string](1 << 8)

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
