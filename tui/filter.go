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
	limit   int  // syncScanLimit, or smaller in tests
}

type searchLevel struct {
	needle string
	rows   []int
}

// filterResultMsg carries a background scan's rows back to the pane.
type filterResultMsg struct {
	seq  int
	gen  int
	rows []int
}

// applyFilter sets the rows for the current filter. It returns a command
// when the work is too big for a keystroke and runs in the background.
func (p *inboundPane) applyFilter() tea.Cmd {
	s := &p.search
	needle := strings.ToLower(p.filter)
	if s.cancel != nil {
		s.cancel()
		s.cancel, s.pending = nil, false
	}
	if s.gen != p.gen {
		s.levels, s.gen = s.levels[:0], p.gen
	}
	if needle == "" {
		s.levels = s.levels[:0]
		p.allRows = allRows(p.allRows, len(p.all))
		p.setRows(p.allRows)
		return nil
	}
	for len(s.levels) > 0 && !strings.HasPrefix(needle, s.levels[len(s.levels)-1].needle) {
		s.levels = s.levels[:len(s.levels)-1]
	}
	var from []int // nil: every question
	if n := len(s.levels); n > 0 {
		top := s.levels[n-1]
		if top.needle == needle {
			p.setRows(top.rows)
			return nil
		}
		from = top.rows
	}
	size := len(p.all)
	if from != nil {
		size = len(from)
	}
	match := p.matcher(needle)
	limit := s.limit
	if limit == 0 {
		limit = syncScanLimit
	}
	if size <= limit {
		rows := scan(context.Background(), p.all, from, match)
		s.levels = append(s.levels, searchLevel{needle, rows})
		p.setRows(rows)
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.seq++
	s.cancel, s.pending = cancel, true
	seq, gen, all := s.seq, p.gen, p.all
	return func() tea.Msg {
		rows := scan(ctx, all, from, match)
		if ctx.Err() != nil {
			return nil
		}
		return filterResultMsg{seq: seq, gen: gen, rows: rows}
	}
}

// takeResult applies a background scan's rows if they are still wanted.
func (p *inboundPane) takeResult(msg filterResultMsg) {
	s := &p.search
	if msg.seq != s.seq || msg.gen != p.gen || !s.pending {
		return
	}
	s.pending, s.cancel = false, nil
	s.levels = append(s.levels, searchLevel{strings.ToLower(p.filter), msg.rows})
	p.setRows(msg.rows)
}

func (p *inboundPane) setRows(rows []int) {
	p.rows = rows
	p.list.setLen(len(rows))
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
