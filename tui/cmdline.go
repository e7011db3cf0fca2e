package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// The `:` command line, as in k9s, for people who would rather type than
// chord: `:assign khan`, `:duty off`, `:filter urgent`, `:report`. Each
// command goes the way its key goes — the same checks, the same forms and
// confirmations, the same desk command — so typing never gets round a role
// the key would be refused. tab completes command names and people's names.

// consoleCommands are the commands the `:` line knows, in the order tab
// offers them.
var consoleCommands = commandSet{
	{name: "assign", args: []argKind{argPerson}},
	{name: "ack"}, {name: "close"}, {name: "reopen"}, {name: "dismiss"},
	{name: "duty", args: []argKind{argOnOff}},
	{name: "filter", args: []argKind{argText}},
	{name: "report"},
	{name: "team", args: []argKind{argTeam}},
	{name: "transfer", args: []argKind{argTeam}},
}

// openCommandLine starts typing a command.
func (m *Model) openCommandLine() tea.Cmd {
	m.cmdOn, m.cmdHint = true, ""
	m.cmdline.SetValue("")
	return m.cmdline.Focus()
}

// updateCommandLine takes a key while the command line is open.
func (m *Model) updateCommandLine(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.cmdOn = false
		m.cmdline.Blur()
		return nil
	case tea.KeyEnter:
		m.cmdOn = false
		m.cmdline.Blur()
		return m.runCommand(m.cmdline.Value())
	case tea.KeyTab:
		line, hint := m.c.complete(m.cmdline.Value(), consoleCommands)
		m.cmdline.SetValue(line)
		m.cmdline.CursorEnd()
		m.cmdHint = hint
		return nil
	}
	m.cmdHint = ""
	var cmd tea.Cmd
	m.cmdline, cmd = m.cmdline.Update(msg)
	return cmd
}

// runCommand runs one typed command line.
func (m *Model) runCommand(line string) tea.Cmd {
	c := m.c
	verb, args := splitLine(line)
	if verb == "" {
		return nil
	}
	// a question command acts on the row selected in Inbound, exactly as its key does
	onQuestion := func(k string) tea.Cmd {
		q, ok := m.inbound.selected()
		if !ok {
			return refuse(errors.New("no question selected in Inbound"))
		}
		o, cmd := c.questionAction(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}, q.ID)
		if o != nil {
			m.overlay = o
		}
		return cmd
	}
	switch verb {
	case "assign":
		if !c.supervisor() {
			return refuse(errSupervisorsAssign)
		}
		q, ok := m.inbound.selected()
		if !ok {
			return refuse(errors.New("no question selected in Inbound"))
		}
		if len(args) == 0 {
			m.overlay = newPicker(c, q.ID)
			return nil
		}
		who, err := c.personOnShift(strings.Join(args, " "))
		if err != nil {
			return refuse(err)
		}
		id := q.ID
		return c.run("assigned to "+who.Name, func() error { return c.desk.Assign(c.ctx, c.me.ID, id, who.ID) })
	case "ack":
		return onQuestion(c.keys.Acknowledge.Keys()[0])
	case "close":
		return onQuestion(c.keys.Close.Keys()[0])
	case "reopen":
		return onQuestion(c.keys.Reopen.Keys()[0])
	case "dismiss":
		return onQuestion(c.keys.Dismiss.Keys()[0])
	case "duty":
		if !c.supervisor() {
			return refuse(errSupervisorsDuty)
		}
		if c.team == AllTeams {
			return refuse(errDutyNeedsATeam)
		}
		v := newDutyView(c)
		if len(args) > 0 {
			switch strings.ToLower(args[0]) {
			case "on":
				v.on = true
				v.until.Focus()
				if len(args) > 1 {
					v.until.SetValue(strings.Join(args[1:], " "))
				}
			case "off":
				v.on = false
				v.until.Blur()
			default:
				return refuse(fmt.Errorf("duty on [until] or duty off, not %q", args[0]))
			}
			v.preview()
		}
		// The form shows the broadcast; enter posts it, as after d.
		m.overlay = v
		return nil
	case "filter":
		text := strings.Join(args, " ")
		m.filter.SetValue(text)
		return m.panes[m.focus].setFilter(text)
	case "report":
		return c.openShift("")
	case "team":
		return m.switchTeam(strings.ToLower(strings.Join(args, " ")))
	case "transfer":
		q, ok := m.inbound.selected()
		if !ok {
			return refuse(errors.New("no question selected in Inbound"))
		}
		if len(args) == 0 {
			return refuse(errors.New("transfer TEAM: name the team to send the question to — tab completes"))
		}
		to, err := c.desk.FindTeam(strings.ToLower(strings.Join(args, " ")))
		if err != nil {
			return refuse(err)
		}
		id, name := q.ID, c.desk.TeamName(to)
		return c.run("transferred to "+name, func() error { return c.desk.Transfer(c.ctx, c.me.ID, id, to) })
	}
	return refuse(consoleCommands.unknown(verb))
}

// commandLineView is the status line while a command is typed.
func (m *Model) commandLineView(w int) string {
	hint := "   tab completes · enter runs · esc cancels"
	if m.cmdHint != "" {
		hint = "   " + m.cmdHint
	}
	return fit(m.cmdline.View()+m.c.styles.Faint.Render(hint), w)
}
