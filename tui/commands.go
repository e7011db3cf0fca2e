package tui

import (
	"fmt"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// What every typed command line shares — the `:` line of the full console
// and the prompt of the plain one (plain.go): a table of commands saying
// what each word stands for, splitting a line into its words, finding the
// person a typed name means, and completing the word being typed.

// argKind is what a command's word stands for, so that tab can complete it.
type argKind int

const (
	argText   argKind = iota // free text: nothing to complete
	argPerson                // someone on shift
	argOnOff                 // on or off
	argNumber                // a question's or draft's number (plain console)
	argAckHow                // how to acknowledge
	argTeam                  // a team on the desk, or all
)

// command is one typed command: its name, what its words stand for, and
// a line of help ("assign N NAME — give question N to someone on shift").
type command struct {
	name  string
	args  []argKind
	usage string // the words after the name, as help shows them
	help  string
}

// commandSet is the commands one command line knows, in the order tab
// offers them.
type commandSet []command

// names lists the commands' names.
func (cs commandSet) names() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// find returns the command a verb names.
func (cs commandSet) find(verb string) (command, bool) {
	for _, c := range cs {
		if c.name == verb {
			return c, true
		}
	}
	return command{}, false
}

// unknown is the refusal of a line whose verb names no command: it lists
// the commands.
func (cs commandSet) unknown(verb string) error {
	return fmt.Errorf("%q is not a command; commands: %s — tab completes", verb, strings.Join(cs.names(), ", "))
}

// splitLine takes a typed line apart: its verb in lower case and the words
// after it; verb is "" for a blank line.
func splitLine(line string) (verb string, args []string) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return "", nil
	}
	return strings.ToLower(words[0]), words[1:]
}

// ackHows are the ways to acknowledge a question, as typed.
var ackHows = []string{"silently", "favourite", "reply"}

// personOnShift finds the one person on shift a typed name means: their ID,
// or the start of their ID or of a word of their name.
func (c *common) personOnShift(name string) (desk.Person, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	var found []desk.Person
	for _, p := range c.desk.People() {
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
// the command's word there stands for (people on shift, on/off, how to
// acknowledge). It returns the line and, when several fit, the candidates
// to show.
func (c *common) complete(line string, cs commandSet) (string, string) {
	words := strings.Fields(line)
	partial := ""
	if len(words) > 0 && !strings.HasSuffix(line, " ") {
		partial, words = words[len(words)-1], words[:len(words)-1]
	}
	var cands []string
	lower := strings.ToLower(partial)
	prefixed := func(names ...string) {
		for _, n := range names {
			if strings.HasPrefix(n, lower) {
				cands = append(cands, n)
			}
		}
	}
	if len(words) == 0 {
		prefixed(cs.names()...)
	} else if cmd, ok := cs.find(strings.ToLower(words[0])); ok && len(words)-1 < len(cmd.args) {
		switch cmd.args[len(words)-1] {
		case argPerson:
			for _, p := range c.desk.People() {
				if p.OnShift && personMatches(p, lower) {
					cands = append(cands, p.ID)
				}
			}
		case argOnOff:
			prefixed("on", "off")
		case argAckHow:
			prefixed(ackHows...)
		case argTeam:
			for _, t := range c.desk.Teams() {
				prefixed(t.ID)
			}
			if strings.EqualFold(words[0], "team") {
				prefixed("all")
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
