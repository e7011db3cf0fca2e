package tui

import (
	"fmt"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// What every typed command line shares — the `:` line of the full console
// and the prompt of the plain one: finding the person a typed name means,
// and completing the word being typed.

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
