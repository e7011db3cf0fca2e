package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// confirmView asks "(y/N)" before an action the console cannot take back:
// posting in public, closing a question. y runs it; any other key cancels,
// so a stray key never posts.
type confirmView struct {
	c      *common
	prompt string
	detail string
	yes    tea.Cmd
	w      int
}

func newConfirm(c *common, prompt, detail string, yes tea.Cmd) *confirmView {
	return &confirmView{c: c, prompt: prompt, detail: detail, yes: yes}
}

func (v *confirmView) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	if key.Matches(km, v.c.keys.Yes) {
		return nil, v.yes
	}
	return nil, func() tea.Msg { return resultMsg{ok: "cancelled — nothing was done"} }
}

func (v *confirmView) setSize(w, h int) { v.w = w }

func (v *confirmView) view() string {
	s := v.c.styles
	var b strings.Builder
	b.WriteString(s.Bold.Render(fit(v.prompt+" (y/N)", v.w)) + "\n\n")
	if v.detail != "" {
		b.WriteString(s.Dialog.Width(max(20, min(v.w-4, 70))).Render(v.detail) + "\n\n")
	}
	b.WriteString(s.Faint.Render("y does it · any other key cancels"))
	return b.String()
}

func (v *confirmView) help() []key.Binding {
	return []key.Binding{v.c.keys.Yes, v.c.keys.No}
}

func (v *confirmView) typing() bool { return false }
