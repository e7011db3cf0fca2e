package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// list is the cursor and scroll window shared by every pane. It knows only
// how many rows there are, so panes render just the rows in view, however
// many items the desk holds.
type list struct {
	cursor, offset, height, n int
}

func (l *list) setLen(n int) {
	l.n = n
	l.clamp()
}

func (l *list) setHeight(h int) {
	if h < 1 {
		h = 1
	}
	l.height = h
	l.clamp()
}

func (l *list) moveTo(i int) {
	l.cursor = i
	l.clamp()
}

func (l *list) clamp() {
	if l.cursor >= l.n {
		l.cursor = l.n - 1
	}
	if l.cursor < 0 {
		l.cursor = 0
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.height > 0 && l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	if max := l.n - l.height; l.offset > max {
		l.offset = max
	}
	if l.offset < 0 {
		l.offset = 0
	}
}

// update moves the cursor for navigation keys and reports whether it did.
func (l *list) update(msg tea.KeyMsg, k KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.moveTo(l.cursor - 1)
	case key.Matches(msg, k.Down):
		l.moveTo(l.cursor + 1)
	case key.Matches(msg, k.PageUp):
		l.moveTo(l.cursor - l.height)
	case key.Matches(msg, k.PageDown):
		l.moveTo(l.cursor + l.height)
	case key.Matches(msg, k.Top):
		l.moveTo(0)
	case key.Matches(msg, k.Bottom):
		l.moveTo(l.n - 1)
	default:
		return false
	}
	return true
}

// visible is the half-open range of rows in view.
func (l *list) visible() (start, end int) {
	end = l.offset + l.height
	if end > l.n {
		end = l.n
	}
	return l.offset, end
}

// fit makes s exactly w cells wide and one line high: cut with an
// ellipsis, or padded. A line break in s (a name from a feed that allows
// them) becomes a space rather than breaking the pane.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	// Measuring a line cell by cell (graphemes, escape sequences) is most of
	// the cost of drawing a frame; the same lines are fitted again and again.
	return fitted.get(fitKey{s, w}, func() string { return fitNow(s, w) })
}

type fitKey struct {
	s string
	w int
}

// fitted holds fit's results for every console: a row, a title or a
// help line keeps its text from frame to frame and from console to console.
var fitted = newMemo[fitKey, string](1 << 13)

func fitNow(s string, w int) string {
	if strings.IndexByte(s, '\n') >= 0 {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	s = ansi.Truncate(s, w, "…")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// cursorRow draws a list row behind its cursor gutter: ▶ on the selected
// row, a cue that needs no colour or reverse video (NO_COLOR, a monochrome
// terminal, a screen reader), a space on the others. line is one cell
// narrower than the row.
func cursorRow(s Styles, selected bool, line string, l look, needle string) string {
	if selected {
		l = lookSelected
	}
	return painted.get(rowKey{s.set, l, line, needle}, func() string {
		if l == lookSelected {
			return paint(s.Selected, "▶"+line, needle)
		}
		return paint(s.of(l), " "+line, needle)
	})
}

// rowKey is everything a drawn row depends on.
type rowKey struct {
	set          styleSet
	look         look
	line, needle string
}

// painted holds drawn rows for every console: most rows are the same from
// one frame to the next, and on every console that shows them.
var painted = newMemo[rowKey, string](1 << 12)

// paint renders a row in its style with the filter's matches underlined, so
// that the eye finds why each row is there.
func paint(style lipgloss.Style, line, needle string) string {
	if needle == "" {
		return style.Render(line)
	}
	lower := strings.ToLower(line)
	if len(lower) != len(line) { // a letter whose case changes its length: no marks
		return style.Render(line)
	}
	needle = strings.ToLower(needle)
	var b strings.Builder
	mark := style.Underline(true)
	for {
		i := strings.Index(lower, needle)
		if i < 0 {
			break
		}
		if i > 0 {
			b.WriteString(style.Render(line[:i]))
		}
		b.WriteString(mark.Render(line[i : i+len(needle)]))
		line, lower = line[i+len(needle):], lower[i+len(needle):]
	}
	if line != "" {
		b.WriteString(style.Render(line))
	}
	return b.String()
}

// oneLine joins a multi-line text into one line for a row.
func oneLine(s string) string {
	return joined.get(s, func() string { return strings.Join(strings.Fields(s), " ") })
}

// joined holds oneLine's results: a row's text is joined on every frame.
var joined = newMemo[string, string](1 << 12)

// width is how many cells s takes (ansi.StringWidth), remembered.
func width(s string) int {
	return widths.get(s, func() int { return ansi.StringWidth(s) })
}

var widths = newMemo[string, int](1 << 12)

// frame draws a box of exactly w×h cells with the title in its top border,
// as in the design: ┌ 1 Inbound  12 new ─────┐.
func frame(c *common, title string, body []string, w, h int, focused bool) string {
	if w < 4 || h < 2 {
		return ""
	}
	var lines strings.Builder
	for _, l := range body {
		lines.WriteString(strconv.Itoa(len(l)))
		lines.WriteByte(':')
		lines.WriteString(l)
	}
	k := frameKey{c.styles.set, c.renderer.ColorProfile(), title, lines.String(), w, h, focused}
	return framed.get(k, func() string { return frameNow(c, title, body, w, h, focused) })
}

// frameKey is everything a framed pane depends on: its styles, the
// profile its border is drawn in, and what it frames.
type frameKey struct {
	set         styleSet
	profile     termenv.Profile
	title, body string // body: each line after its length
	w, h        int
	focused     bool
}

// framed holds framed panes for every console: a pane that did not change
// is not measured and styled again.
var framed = newMemo[frameKey, string](1 << 7)

func frameNow(c *common, title string, body []string, w, h int, focused bool) string {
	border, titleStyle := c.styles.PaneBorder, c.styles.PaneTitle
	if focused {
		border, titleStyle = c.styles.PaneBorderFocused, c.styles.PaneTitleFocused
	}
	bc := border.GetBorderTopForeground()
	paint := c.renderer.NewStyle().Foreground(bc).Render
	inner := w - 2
	t := " " + ansi.Truncate(title, inner-2, "…") + " "
	top := paint("┌") + titleStyle.Render(t) + paint(strings.Repeat("─", max(0, inner-ansi.StringWidth(t)))+"┐")
	side := paint("│") // the same on every line: styled once
	var b strings.Builder
	b.WriteString(top)
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		b.WriteString("\n" + side + fit(line, inner) + side)
	}
	b.WriteString("\n" + paint("└"+strings.Repeat("─", inner)+"┘"))
	return b.String()
}

// place cuts or pads text to exactly w×h cells.
func place(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, line := range lines {
		lines[i] = fit(line, w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines for an overlay w cells wide: two cells short
// of its edge, and never narrower than ten.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(10, w-2)).Render(s)
}

// besideEachOther joins two blocks of the same height line by line. Panes
// are drawn to their exact size, so nothing needs measuring or padding —
// which is what makes this cheaper than lipgloss.JoinHorizontal.
func besideEachOther(left, right string) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	b.Grow(len(left) + len(right) + len(l))
	for i := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l[i])
		if i < len(r) {
			b.WriteString(r[i])
		}
	}
	return b.String()
}
