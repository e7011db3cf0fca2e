package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// The `:` command line, as in k9s, for people who would rather type than
// chord: `:assign khan`, `:duty off`, `:filter urgent`, `:report`. Each
// command goes the way its key goes — the same checks, the same forms and
// confirmations, the same desk command — so typing never gets round a role
// the key would be refused. tab completes command names and people's names.

// commandNames are the commands the command line knows, in the order tab
// offers them.
var commandNames = []string{"assign", "ack", "close", "reopen", "dismiss", "duty", "filter", "report", "team", "transfer"}

// errUnknownCommand lists the commands when a line names none of them.
var errUnknownCommand = errors.New("commands: " + strings.Join(commandNames, ", ") + " — tab completes")

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
		line, hint := m.complete(m.cmdline.Value())
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
	words := strings.Fields(line)
	if len(words) == 0 {
		return nil
	}
	verb, args := strings.ToLower(words[0]), words[1:]
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
		who, err := m.personOnShift(strings.Join(args, " "))
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
	return refuse(fmt.Errorf("%q is not a command; %w", verb, errUnknownCommand))
}

// personOnShift finds the one person on shift a typed name means: their ID,
// or the start of their ID or of a word of their name.
func (m *Model) personOnShift(name string) (desk.Person, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	var found []desk.Person
	for _, p := range m.c.desk.People() {
		if !p.OnShift {
			continue
		}
		if strings.ToLower(p.ID) == name || strings.ToLower(p.Name) == name {
			return p, nil
		}
		if personMatches(p, name) {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return desk.Person{}, fmt.Errorf("nobody on shift is called %q — tab completes names", name)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, p := range found {
		names[i] = p.ID
	}
	return desk.Person{}, fmt.Errorf("%q could be %s — type more of the name", name, strings.Join(names, ", "))
}

func personMatches(p desk.Person, prefix string) bool {
	if strings.HasPrefix(strings.ToLower(p.ID), prefix) {
		return true
	}
	for _, w := range strings.Fields(strings.ToLower(p.Name)) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// complete fills in the word being typed: a command name first, then what
// the command takes (people on shift for assign, on/off for duty). It
// returns the line and, when several fit, the candidates to show.
func (m *Model) complete(line string) (string, string) {
	words := strings.Fields(line)
	partial := ""
	if len(words) > 0 && !strings.HasSuffix(line, " ") {
		partial, words = words[len(words)-1], words[:len(words)-1]
	}
	var cands []string
	lower := strings.ToLower(partial)
	switch {
	case len(words) == 0:
		for _, n := range commandNames {
			if strings.HasPrefix(n, lower) {
				cands = append(cands, n)
			}
		}
	case len(words) == 1 && strings.EqualFold(words[0], "assign"):
		for _, p := range m.c.desk.People() {
			if p.OnShift && personMatches(p, lower) {
				cands = append(cands, p.ID)
			}
		}
	case len(words) == 1 && (strings.EqualFold(words[0], "team") || strings.EqualFold(words[0], "transfer")):
		for _, t := range m.c.desk.Teams() {
			if strings.HasPrefix(t.ID, lower) {
				cands = append(cands, t.ID)
			}
		}
		if strings.EqualFold(words[0], "team") && strings.HasPrefix("all", lower) {
			cands = append(cands, "all")
		}
	case len(words) == 1 && strings.EqualFold(words[0], "duty"):
		for _, n := range []string{"on", "off"} {
			if strings.HasPrefix(n, lower) {
				cands = append(cands, n)
			}
		}
	}
	head := strings.Join(words, " ")
	if head != "" {
		head += " "
	}
	switch len(cands) {
	case 0:
		return line, "nothing to complete"
	case 1:
		return head + cands[0] + " ", ""
	}
	common := cands[0]
	for _, c := range cands[1:] {
		for !strings.HasPrefix(c, common) {
			common = common[:len(common)-1]
		}
	}
	if len(common) < len(partial) {
		common = partial
	}
	return head + common, strings.Join(cands, " · ")
}

// commandLineView is the status line while a command is typed.
func (m *Model) commandLineView(w int) string {
	hint := "   tab completes · enter runs · esc cancels"
	if m.cmdHint != "" {
		hint = "   " + m.cmdHint
	}
	return fit(m.cmdline.View()+m.c.styles.Faint.Render(hint), w)
}
