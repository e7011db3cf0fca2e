package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// dutyView confirms a change of team duty, showing exactly what will be
// posted. The preview (and its risk check) is made as the form changes, not
// on each frame.
type dutyView struct {
	c     *common
	on    bool
	until textinput.Model
	pv    desk.DutyPreview
	w     int
}

func newDutyView(c *common) *dutyView {
	in := newInput()
	in.Prompt = "until (optional, e.g. 22:00): "
	in.CharLimit = 20
	current := c.duty()
	if !current.On {
		in.Focus()
	}
	v := &dutyView{c: c, on: !current.On, until: in}
	v.preview()
	return v
}

// untilText is the end time the form would post: none when going off duty.
func (v *dutyView) untilText() string {
	if !v.on {
		return ""
	}
	return strings.TrimSpace(v.until.Value())
}

func (v *dutyView) preview() { v.pv = v.c.desk.PreviewTeamDuty(v.c.team, v.on, v.untilText()) }

func (v *dutyView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	switch msg := msg.(type) {
	case deskChangedMsg:
		v.preview()
		return v, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Cancel):
			return nil, nil
		case key.Matches(msg, k.Confirm):
			c, on, until, team := v.c, v.on, v.untilText(), v.c.team
			return nil, saving(func() tea.Msg {
				if _, err := c.desk.SetTeamDuty(c.ctx, c.me.ID, team, on, until); err != nil {
					return resultMsg{err: err}
				}
				if on {
					return resultMsg{ok: "team is now ON duty — broadcast posted"}
				}
				// Going off duty ends the shift: the handover report follows.
				return c.openShift("team is now OFF duty — broadcast posted; the shift report is below")()
			})
		case msg.Type == tea.KeyTab:
			v.on = !v.on
			if v.on {
				v.until.Focus()
			} else {
				v.until.Blur()
			}
			v.preview()
			return v, nil
		}
	}
	var cmd tea.Cmd
	v.until, cmd = v.until.Update(msg)
	v.preview()
	return v, cmd
}

func (v *dutyView) setSize(w, h int) { v.w = w }

func (v *dutyView) view() string {
	s, w, pv := v.c.styles, v.w, v.pv
	word := s.OffDuty.Render("OFF duty")
	if v.on {
		word = s.OnDuty.Render("ON duty")
	}
	var b strings.Builder
	b.WriteString(s.Bold.Render("Put the team ") + word + s.Faint.Render("   (tab switches on/off)") + "\n\n")
	if v.on {
		b.WriteString(v.until.View() + "\n\n")
	}
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
	k := v.c.shown
	return []key.Binding{k.Confirm, k.Cancel}
}

func (v *dutyView) typing() bool { return v.until.Focused() }
