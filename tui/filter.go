package tui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// syncScanLimit is how many questions a filter keystroke may scan before the
// scan moves off the keyboard's path: above it the scan runs in the
// background, the screen keeps the last result, and the next keystroke
// cancels it. A scan of this many takes about a millisecond.
const syncScanLimit = 10000

// search is the Inbound filter's memory: the row sets of the needles typed so
// far, so that typing on narrows what is shown and backspace goes back for
// free, and the background scan still running, if any.
type search struct {
	levels  []searchLevel // needles in the order typed, each a prefix of the next
	gen     int           // the pane's gen the levels were made in
	seq     int           // the newest scan started; older results are dropped
	cancel  context.CancelFunc
	pending bool // a background scan is running
	stale   bool // the desk changed while it ran: scan again when it lands
	limit   int  // syncScanLimit, or smaller in tests
}

type searchLevel struct {
	needle string
	rows   []int
}

// filterResultMsg carries a background scan's rows back to the pane, with
// the snapshot they index into.
type filterResultMsg struct {
	seq  int
	gen  int
	all  []*desk.Question
	rows []int
}

// applyFilter sets the rows for the current filter over the newest snapshot.
// It returns a command when the work is too big for a keystroke and runs in
// the background; until it lands the pane keeps showing the last result
// with the snapshot it was made from, so rows never point into the wrong list.
// typed says the needle changed (a keystroke), so a running scan for the
// old needle is cancelled; a desk change lets it finish and scans again.
func (p *inboundPane) applyFilter(typed bool) tea.Cmd {
	s := &p.search
	needle := strings.ToLower(p.filter)
	if s.gen != p.gen {
		s.levels, s.gen = s.levels[:0], p.gen
	}
	if needle == "" {
		p.cancelScan()
		s.levels = s.levels[:0]
		p.allRows = allRows(p.allRows, len(p.all))
		p.setRows(p.all, p.allRows)
		return nil
	}
	for len(s.levels) > 0 && !strings.HasPrefix(needle, s.levels[len(s.levels)-1].needle) {
		s.levels = s.levels[:len(s.levels)-1]
	}
	var from []int // nil: every question
	if n := len(s.levels); n > 0 {
		top := s.levels[n-1]
		if top.needle == needle {
			p.cancelScan()
			p.setRows(p.all, top.rows)
			return nil
		}
		from = top.rows
	}
	size := len(p.all)
	if from != nil {
		size = len(from)
	}
	limit := s.limit
	if limit == 0 {
		limit = syncScanLimit
	}
	if size <= limit {
		p.cancelScan()
		rows := scan(context.Background(), p.all, from, p.matcher(needle))
		s.levels = append(s.levels, searchLevel{needle, rows})
		p.setRows(p.all, rows)
		return nil
	}
	if s.pending && !typed {
		s.stale = true // let it land; the newer snapshot is scanned next
		return nil
	}
	p.cancelScan()
	return p.startScan(needle, from)
}

// startScan scans the newest snapshot in the background.
func (p *inboundPane) startScan(needle string, from []int) tea.Cmd {
	s := &p.search
	ctx, cancel := context.WithCancel(context.Background())
	s.seq++
	s.cancel, s.pending, s.stale = cancel, true, false
	seq, gen, all, match := s.seq, p.gen, p.all, p.matcher(needle)
	return func() tea.Msg {
		rows := scan(ctx, all, from, match)
		if ctx.Err() != nil {
			return nil
		}
		return filterResultMsg{seq: seq, gen: gen, all: all, rows: rows}
	}
}

func (p *inboundPane) cancelScan() {
	s := &p.search
	if s.cancel != nil {
		s.cancel()
	}
	s.cancel, s.pending, s.stale = nil, false, false
}

// takeResult shows a background scan's rows, with the snapshot they index
// into, unless a newer keystroke superseded it. If the desk changed while it
// ran, the newest snapshot is scanned next.
func (p *inboundPane) takeResult(msg filterResultMsg) tea.Cmd {
	s := &p.search
	if msg.seq != s.seq || !s.pending {
		return nil
	}
	stale := s.stale || msg.gen != p.gen
	s.pending, s.cancel, s.stale = false, nil, false
	p.setRows(msg.all, msg.rows)
	if !stale {
		s.levels = append(s.levels, searchLevel{strings.ToLower(p.filter), msg.rows})
		return nil
	}
	return p.startScan(strings.ToLower(p.filter), nil)
}

func (p *inboundPane) setRows(shown []*desk.Question, rows []int) {
	p.shown, p.rows = shown, rows
	p.list.setLen(len(rows) + len(p.archive.rows))
}

// allRows fills buf with 0…n-1, reusing its memory: with no filter the
// rows are every question, and a surge would otherwise allocate them anew
// on every refresh.
func allRows(buf []int, n int) []int {
	if cap(buf) < n {
		buf = make([]int, n, n+n/4)
	}
	rows := buf[:n]
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// matcher says whether a question matches the needle by its text, author,
// state or the name of whoever it is assigned to. It only reads snapshots,
// so it is safe off the keyboard's goroutine.
func (p *inboundPane) matcher(needle string) func(*desk.Question) bool {
	assignees := map[string]bool{}
	for _, person := range p.c.desk.People() {
		if strings.Contains(strings.ToLower(person.Name), needle) {
			assignees[person.ID] = true
		}
	}
	return func(q *desk.Question) bool {
		return q.Matches(needle) || strings.Contains(string(q.State), needle) || (q.Assignee != "" && assignees[q.Assignee])
	}
}

// scan returns the indexes of all (or of those listed in from) that match,
// giving up early when ctx ends.
func scan(ctx context.Context, all []*desk.Question, from []int, match func(*desk.Question) bool) []int {
	var out []int
	stillWanted := func(n int) bool { return n%4096 != 0 || ctx.Err() == nil }
	if from == nil {
		for i, q := range all {
			if !stillWanted(i) {
				return nil
			}
			if match(q) {
				out = append(out, i)
			}
		}
		return out
	}
	for n, i := range from {
		if !stillWanted(n) {
			return nil
		}
		if match(all[i]) {
			out = append(out, i)
		}
	}
	return out
}
