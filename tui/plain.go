package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/risk"
	"golang.org/x/term"
)

// The plain console (`--plain`, `accessible = true`): the desk for a person
// with a screen reader, locally or over SSH. Nothing is drawn in place —
// no boxes, no alternate screen, no screen redrawn: it writes one line per
// thing, appended as it happens, every state in words (plainwords.go), and
// reads commands typed at a prompt, one a line (plaincmd.go), with the
// same table, name lookup and completion as the full console's `:` line.
// Every change is a desk command, as in the panes, and runs off the line
// being typed: a slow store never holds up the prompt.

// PlainOptions make one plain console.
type PlainOptions struct {
	Desk *desk.Desk
	// Me is the person at the keyboard (a person ID on the roster).
	Me string
	// Now is the clock for ages; nil: the desk's clock.
	Now func() time.Time
	// Context ends the console and its commands; nil: Background.
	Context context.Context
	// Terminal says the input is a terminal that sends keys as they are
	// typed (a local terminal in raw mode, an SSH session with a PTY): the
	// console echoes them, edits the line and completes on tab. Otherwise
	// lines arrive whole, edited and echoed where they were typed (a pipe,
	// `ssh host plain` without -t), and the console writes no prompt.
	Terminal bool
	// Width and Height are the terminal's size, for editing long lines; 0: 80×24.
	Width, Height int
	// AlsoHere lists other people with a console open (SSH sessions); nil: nobody.
	AlsoHere func() []string
	// Settle is how long the console lets a burst of desk changes settle
	// before it reports them in one go; 0: 200ms.
	Settle time.Duration
}

// Plain is one plain console: what the person was told so far (the
// numbers they were given and the state of each numbered thing), so that
// it tells them only what changed.
type Plain struct {
	c      *common
	opts   PlainOptions
	out    io.Writer // the terminal's line editor, or lockedWriter
	settle time.Duration

	mu        sync.Mutex     // guards everything below and the terminal's size, and keeps lines in order
	term      *term.Terminal // the line editor, on a terminal; nil on lines
	numbers   map[string]int
	things    []thing // by number-1
	questions map[string]qSeen
	drafts    map[string]desk.DraftState
	duty      desk.Duty
	shift     map[string]bool
	health    map[string]string
	inflight  map[string]int // things this console's commands are changing: their result says so
	confirm   *confirmation  // a question put to the person, answered by their next line
}

// thing is what a number stands for: a question or a draft.
type thing struct {
	draft bool
	id    string
}

// qSeen is what the person was last told of a question, and the desk's
// snapshot it was told from (the desk replaces a question's snapshot when
// it changes, so the same snapshot means nothing changed); nil if told
// from a copy.
type qSeen struct {
	snap     *desk.Question
	state    desk.QuestionState
	assignee string
	level    risk.Level
	count    int
}

// told reports whether o says the same as s.
func (s qSeen) told(o qSeen) bool {
	return s.state == o.state && s.assignee == o.assignee && s.level == o.level && s.count == o.count
}

// confirmation is a question put to the person: yes runs do.
type confirmation struct {
	no   string // said when the answer is not yes
	id   string // the thing it changes
	what string // said while it runs
	do   func() (string, error)
}

// NewPlain makes a plain console for one person on a shared desk.
func NewPlain(opts PlainOptions) (*Plain, error) {
	me, ok := opts.Desk.Person(opts.Me)
	if !ok {
		return nil, fmt.Errorf("open console: %q is not on the team's roster", opts.Me)
	}
	if opts.Now == nil {
		opts.Now = opts.Desk.Now
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Settle <= 0 {
		opts.Settle = 200 * time.Millisecond
	}
	ack, answer := opts.Desk.SLATargets()
	r := lipgloss.NewRenderer(io.Discard)
	c := &common{ackTarget: ack, answerTarget: answer, ctx: opts.Context, desk: opts.Desk, me: me, renderer: r, styles: NewStyles(r), keys: DefaultKeyMap(), now: opts.Now}
	p := &Plain{
		c: c, opts: opts, settle: opts.Settle,
		numbers: map[string]int{}, questions: map[string]qSeen{}, drafts: map[string]desk.DraftState{},
		shift: map[string]bool{}, health: map[string]string{}, inflight: map[string]int{},
	}
	return p, nil
}

// Run runs the console on in and out until the person quits, the input
// ends or the context does.
func (p *Plain) Run(in io.Reader, out io.Writer) error {
	var read func() (string, error)
	if p.opts.Terminal {
		t := term.NewTerminal(readWriter{in, out}, "> ")
		t.AutoCompleteCallback = p.autoComplete
		p.mu.Lock()
		if p.opts.Width > 0 && p.opts.Height > 0 {
			_ = t.SetSize(p.opts.Width, p.opts.Height)
		}
		p.term, p.out, read = t, t, t.ReadLine
		p.mu.Unlock()
	} else {
		p.out = &lockedWriter{w: out}
		sc := bufio.NewScanner(in)
		read = func() (string, error) {
			if sc.Scan() {
				return sc.Text(), nil
			}
			if err := sc.Err(); err != nil {
				return "", err
			}
			return "", io.EOF
		}
	}
	changes, cancel := p.c.desk.Subscribe()
	defer cancel()
	p.mu.Lock()
	p.say(p.startUp()...)
	p.mu.Unlock()

	done := make(chan struct{})
	defer close(done)
	go p.watch(changes, done)

	type typed struct {
		line string
		err  error
	}
	lines := make(chan typed)
	go func() {
		for {
			line, err := read()
			if errors.Is(err, term.ErrPasteIndicator) {
				// A pasted line is typed text like any other.
				err = nil
			}
			select {
			case lines <- typed{line, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for {
		select {
		case <-p.c.ctx.Done():
			return nil
		case t := <-lines:
			if t.err != nil {
				if errors.Is(t.err, io.EOF) {
					return nil
				}
				return fmt.Errorf("plain console: read: %w", t.err)
			}
			if quit := p.exec(t.line); quit {
				return nil
			}
		}
	}
}

// Resize tells the line editor the terminal's new size; safe at any time,
// before Run too.
func (p *Plain) Resize(w, h int) {
	if w <= 0 || h <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opts.Width, p.opts.Height = w, h
	if p.term != nil {
		_ = p.term.SetSize(w, h)
	}
}

// say writes lines, in one write so that the prompt is drawn again once
// under them. The caller holds p.mu, which keeps lines in order.
func (p *Plain) say(lines ...string) {
	if len(lines) == 0 {
		return
	}
	_, _ = io.WriteString(p.out, strings.Join(lines, "\n")+"\n")
}

// sayNow takes the lock and says lines.
func (p *Plain) sayNow(lines ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.say(lines...)
}

// number is the number the person knows a thing by, given the first time
// it is said. The caller holds p.mu.
func (p *Plain) number(id string, draft bool) int {
	key := id
	if draft {
		key = "draft\x00" + id
	}
	if n, ok := p.numbers[key]; ok {
		return n
	}
	p.things = append(p.things, thing{draft: draft, id: id})
	p.numbers[key] = len(p.things)
	return len(p.things)
}

// sayQuestion is a question in words under its number, remembered as
// said. The caller holds p.mu.
func (p *Plain) sayQuestion(q desk.Question) string {
	p.questions[q.ID] = seenOf(q, nil)
	return p.c.questionWords(q, p.number(q.ID, false))
}

// sayDraft is a draft in words under its number, remembered as said. The
// caller holds p.mu.
func (p *Plain) sayDraft(d desk.Draft) string {
	p.drafts[d.ID] = d.State
	return p.c.draftWords(d, p.number(d.ID, true))
}

func seenOf(q desk.Question, snap *desk.Question) qSeen {
	return qSeen{snap: snap, state: q.State, assignee: q.Assignee, level: q.Level, count: q.Count}
}

// startUp is what the person hears first: who and where they are, duty,
// the counts, the open questions most pressing first, the drafts waiting,
// and how to go on. The caller holds p.mu.
func (p *Plain) startUp() []string {
	c := p.c
	out := []string{
		fmt.Sprintf("dutydesk, plain mode, for %s. You are %s, %s.", c.desk.Team(), c.me.Name, c.me.Role),
		c.dutyWords(c.desk.Duty()) + " " + c.shiftWords(),
	}
	if p.opts.AlsoHere != nil {
		if others := p.opts.AlsoHere(); len(others) > 0 {
			out = append(out, "Also here: "+strings.Join(others, ", ")+".")
		}
	}
	p.remember()
	out = append(out, p.listing(1)...)
	return append(out, "Type help for the commands. New questions and changes are read out as they happen.")
}

// remember takes the desk's current state as told, without saying it: the
// baseline changes are reported against. The caller holds p.mu.
func (p *Plain) remember() {
	for _, q := range p.c.desk.Inbox(false) {
		p.questions[q.ID] = seenOf(*q, q)
	}
	for _, d := range p.c.desk.Drafts() {
		p.drafts[d.ID] = d.State
	}
	p.duty = p.c.desk.Duty()
	for _, person := range p.c.desk.People() {
		p.shift[person.ID] = person.OnShift
	}
	p.health = p.c.desk.Health()
}

// listLimit is how many questions one list says: enough to act on, few
// enough to listen to.
const listLimit = 20

// listing says the counts, the open questions from the from-th (1-based),
// most pressing first, at most listLimit of them, and the drafts waiting.
// The caller holds p.mu.
func (p *Plain) listing(from int) []string {
	c := p.c
	out := []string{c.countsWords()}
	var open []*desk.Question
	for _, q := range c.desk.Inbox(false) {
		if q.State.Open() {
			open = append(open, q)
		}
	}
	switch {
	case len(open) == 0:
		out = append(out, "No question is open.")
	case from > len(open):
		out = append(out, fmt.Sprintf("There are only %d open questions.", len(open)))
	default:
		end := min(len(open), from-1+listLimit)
		if from == 1 && end == len(open) {
			out = append(out, fmt.Sprintf("%d open, most pressing first:", len(open)))
		} else {
			out = append(out, fmt.Sprintf("Open questions %d to %d of %d, most pressing first:", from, end, len(open)))
		}
		for _, q := range open[from-1 : end] {
			out = append(out, p.sayQuestion(*q))
		}
		if end < len(open) {
			out = append(out, fmt.Sprintf("%d more: type list %d to hear them.", len(open)-end, end+1))
		}
	}
	var waiting []desk.Draft
	for _, d := range c.desk.Drafts() {
		if d.Waiting() {
			waiting = append(waiting, d)
		}
	}
	if len(waiting) == 0 {
		return append(out, "No draft is waiting.")
	}
	out = append(out, fmt.Sprintf("Drafts waiting: %d.", len(waiting)))
	for _, d := range waiting {
		out = append(out, p.sayDraft(d))
	}
	return out
}

// autoComplete completes the word before the cursor on tab, with the
// same completion as the `:` line; several candidates are said on a line
// of their own.
func (p *Plain) autoComplete(line string, pos int, key rune) (string, int, bool) {
	if key != '\t' {
		return "", 0, false
	}
	done, hint := p.c.complete(line[:pos], plainCommands)
	if hint != "" && hint != "nothing to complete" {
		p.sayNow("Could be: " + strings.ReplaceAll(hint, " · ", ", ") + ".")
	}
	return done + line[pos:], len(done), true
}

// readWriter joins a terminal's input and output for the line editor.
type readWriter struct {
	io.Reader
	io.Writer
}

// lockedWriter writes whole lines from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
