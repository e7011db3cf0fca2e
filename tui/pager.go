package tui

import (
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// pager is a text taller than the screen, scrolled in a viewport under one
// title line, as the thread and the shift report show theirs.
type pager struct {
	w, h int
	vp   viewport.Model
}

// resize fits the viewport under the title line and, if the size changed,
// lays the text out again with build.
func (p *pager) resize(w, h int, build func()) {
	if w == p.w && h == p.h {
		return
	}
	p.w, p.h = w, h
	p.vp.Width, p.vp.Height = w, max(1, h-1)
	build()
}

// scroll hands the viewport a message that may scroll it.
func (p *pager) scroll(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

// draw is the title, cut to the width, over the text in view.
func (p *pager) draw(s Styles, title string) string {
	return s.Bold.Render(fit(title, p.w)) + "\n" + p.vp.View()
}
