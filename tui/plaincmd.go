package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// The plain console's commands: typed at its prompt, one a line, each
// answered in a sentence. They go the way the keys go — the same role
// checks first, the same desk commands — but take on the line what the
// panes' forms ask for (who to assign, the reply's text, the reason), and
// ask "yes?" where the keys ask (y/N).

// plainCommands are the plain console's commands, in the order help says
// them and tab offers them.
var plainCommands = commandSet{
	{name: "list", args: []argKind{argNumber}, usage: "[FROM]", help: "the counts, the open questions (most pressing first, 20 at a time from FROM), and the drafts waiting"},
	{name: "next", help: "the most pressing question nobody has acknowledged yet"},
	{name: "show", args: []argKind{argNumber}, usage: "N", help: "question or draft N in full: a question with its thread, a draft with what the risk check found"},
	{name: "ack", args: []argKind{argNumber, argAckHow}, usage: "N [silently|favourite|reply]", help: "acknowledge question N: silently (on the desk only, the default), with a favourite its author sees, or with the acknowledgement saved reply"},
	{name: "assign", args: []argKind{argNumber, argPerson}, usage: "N NAME", help: "give question N to someone on shift; tab completes names (supervisors)"},
	{name: "reply", args: []argKind{argNumber, argText}, usage: "N TEXT", help: "save TEXT as a draft reply to question N; the risk check reads it, post sends it"},
	{name: "post", args: []argKind{argNumber}, usage: "N", help: "post draft N, naming the account and visibility first (asks)"},
	{name: "approve", args: []argKind{argNumber, argText}, usage: "N [REASON]", help: "approve draft N; a flagged one needs a reason, kept in the audit trail (supervisors)"},
	{name: "reject", args: []argKind{argNumber, argText}, usage: "N REASON", help: "reject draft N, saying why; an author may withdraw their own"},
	{name: "close", args: []argKind{argNumber}, usage: "N", help: "close question N (asks)"},
	{name: "reopen", args: []argKind{argNumber}, usage: "N", help: "reopen a closed or dismissed question N"},
	{name: "dismiss", args: []argKind{argNumber}, usage: "N", help: "dismiss question N: spam, abuse, not for the team (supervisors)"},
	{name: "duty", args: []argKind{argOnOff, argText}, usage: "[on [UNTIL] | off]", help: "say who is on duty; on or off puts the team on or off duty, reading out the broadcast first (asks; supervisors)"},
	{name: "report", help: "the shift report so far"},
	{name: "help", usage: "[COMMAND]", help: "the commands, or one command"},
	{name: "quit", help: "leave the console; the desk carries on"},
}

// exec runs one typed line and reports whether it was quit. A line that
// answers a question put to the person (yes?) answers it. The desk's
// commands run in the background; their result is said when it comes.
func (p *Plain) exec(line string) (quit bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cf := p.confirm; cf != nil {
		p.confirm = nil
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			p.say(cf.what)
			p.do(cf.id, cf.do)
			return false
		case "", "n", "no":
			p.say(cf.no)
			return false
		}
		p.say(cf.no)
	}
	verb, args := splitLine(line)
	if verb == "" {
		return false
	}
	if verb == "quit" || verb == "exit" || verb == "q" {
		p.say("Goodbye. The desk carries on; your work is saved.")
		return true
	}
	if err := p.command(verb, args); err != nil {
		p.say(sentence(err.Error()))
	}
	return false
}

// command runs one command; an error is its refusal. The caller holds p.mu.
func (p *Plain) command(verb string, args []string) error {
	c := p.c
	cmd, ok := plainCommands.find(verb)
	if !ok {
		return fmt.Errorf("%q is not a command. Commands: %s. Type help for what they do", verb, strings.Join(plainCommands.names(), ", "))
	}
	switch cmd.name {
	case "help":
		p.say(p.help(args)...)
	case "list":
		from := 1
		if len(args) > 0 {
			n, err := strconv.Atoi(args[0])
			if err != nil || n < 1 {
				return fmt.Errorf("list takes the number to start from, such as list 21, not %q", args[0])
			}
			from = n
		}
		p.say(p.listing(from)...)
	case "next":
		for _, q := range c.desk.Inbox(false) {
			if q.State == desk.StateNew {
				p.say(p.sayQuestion(*q))
				return nil
			}
		}
		p.say("No question is waiting to be acknowledged.")
	case "show":
		q, d, err := p.thingArg(cmd, args, "")
		if err != nil {
			return err
		}
		if d.ID != "" {
			p.say(p.showDraft(d)...)
		} else {
			p.say(p.showQuestion(q)...)
		}
	case "report":
		p.say("Building the shift report…")
		go func() {
			r, err := shiftReport(c)
			if err != nil {
				p.sayNow(sentence(err.Error()))
				return
			}
			p.sayNow(c.reportWords(r)...)
		}()
	case "duty":
		return p.dutyCommand(args)
	default:
		return p.change(cmd, args)
	}
	return nil
}

// change runs a command that changes a question or a draft. The caller
// holds p.mu.
func (p *Plain) change(cmd command, args []string) error {
	c := p.c
	switch cmd.name {
	case "ack", "assign", "reply", "close", "reopen", "dismiss":
		q, _, err := p.thingArg(cmd, args, "question")
		if err != nil {
			return err
		}
		n, rest := p.number(q.ID, false), args[1:]
		switch cmd.name {
		case "ack":
			how := desk.AckSilent
			if len(rest) > 0 {
				switch w := strings.ToLower(rest[0]); {
				case strings.HasPrefix("silently", w):
				case strings.HasPrefix("favourite", w) || w == "favorite":
					how = desk.AckFavourite
				case strings.HasPrefix("reply", w):
					how = desk.AckReply
				default:
					return fmt.Errorf("ack %d takes silently, favourite or reply, not %q", n, rest[0])
				}
			}
			reply := c.desk.AckReplyName()
			if err := ackRefusal(q, how, c.desk.PublicAck(q.ID), reply, "ack "+strconv.Itoa(n)+" silently"); err != nil {
				return err
			}
			p.do(q.ID, func() (string, error) {
				ok, err := c.acknowledge(q, how, reply)
				return fmt.Sprintf("Question %d: %s.", n, ok), err
			})
		case "assign":
			if !c.supervisor() {
				return errSupervisorsAssign
			}
			if len(rest) == 0 {
				return fmt.Errorf("assign to whom? Type assign %d and a name; tab completes names. %s", n, c.shiftWords())
			}
			who, err := c.personOnShift(strings.Join(rest, " "))
			if err != nil {
				return err
			}
			p.do(q.ID, func() (string, error) {
				return fmt.Sprintf("Question %d assigned to %s.", n, who.Name), c.desk.Assign(c.ctx, c.me.ID, q.ID, who.ID)
			})
		case "reply":
			text := strings.TrimSpace(strings.Join(rest, " "))
			if text == "" {
				return fmt.Errorf("reply with what? Type reply %d and the text of the reply on the same line", n)
			}
			if q.NoReply() {
				p.confirm = &confirmation{
					id: q.ID, what: "Saving the reply…", no: "Not saved; nothing was sent.",
					do: func() (string, error) { return p.saveReply(q, n, text) },
				}
				p.say(fmt.Sprintf("The sender %s — a reply could put them at risk. Save this reply anyway? Type yes to save it.", desk.NoReplyReason))
				return nil
			}
			p.do(q.ID, func() (string, error) { return p.saveReply(q, n, text) })
		case "close":
			if err := c.mayClose(q); err != nil {
				return err
			}
			p.confirm = &confirmation{
				id: q.ID, what: "Closing…", no: fmt.Sprintf("Question %d stays %s.", n, q.State),
				do: func() (string, error) {
					return fmt.Sprintf("Question %d closed; %s gets no further answer unless it is reopened.", n, q.Item.Author), c.desk.Close(c.ctx, c.me.ID, q.ID)
				},
			}
			p.say(fmt.Sprintf("Close question %d from %s: %s? Type yes to close it.", n, q.Item.Author, oneLine(q.Item.Text)))
		case "reopen":
			p.do(q.ID, func() (string, error) {
				return fmt.Sprintf("Question %d reopened, back in the queue.", n), c.desk.Reopen(c.ctx, c.me.ID, q.ID)
			})
		case "dismiss":
			if !c.supervisor() {
				return errSupervisorsDismiss
			}
			p.do(q.ID, func() (string, error) {
				return fmt.Sprintf("Question %d dismissed.", n), c.desk.Dismiss(c.ctx, c.me.ID, q.ID)
			})
		}
	case "post", "approve", "reject":
		_, d, err := p.thingArg(cmd, args, "draft")
		if err != nil {
			return err
		}
		n, reason := p.number(d.ID, true), strings.TrimSpace(strings.Join(args[1:], " "))
		switch cmd.name {
		case "post":
			if err := c.mayHandle(d); err != nil {
				return err
			}
			account := d.Account
			if account == "" {
				account = "the team account"
			}
			p.confirm = &confirmation{
				id: d.ID, what: "Posting…", no: fmt.Sprintf("Draft %d is not posted.", n),
				do: func() (string, error) {
					return fmt.Sprintf("Draft %d posted.", n), c.desk.Send(c.ctx, c.me.ID, d.ID)
				},
			}
			p.say(fmt.Sprintf("Post draft %d from %s, visibility %s: %q? Type yes to post it.", n, account, d.Visibility, oneLine(d.Text)))
		case "approve":
			if !c.supervisor() {
				return errSupervisorsApprove
			}
			if d.State == desk.DraftFlagged && reason == "" {
				return fmt.Errorf("draft %d is flagged: it %s. Approving it needs a reason for the audit trail: type approve %d and the reason", n, findingWords(d.Findings, desk.SeverityBlock), n)
			}
			p.do(d.ID, func() (string, error) {
				return fmt.Sprintf("Draft %d approved; type post %d to post it.", n, n), c.desk.Approve(c.ctx, c.me.ID, d.ID, reason)
			})
		case "reject":
			if err := c.mayHandle(d); err != nil {
				return err
			}
			if reason == "" {
				return fmt.Errorf("rejecting needs a reason: type reject %d and the reason", n)
			}
			p.do(d.ID, func() (string, error) {
				return fmt.Sprintf("Draft %d rejected.", n), c.desk.Reject(c.ctx, c.me.ID, d.ID, reason)
			})
		}
	}
	return nil
}

// saveReply claims question q, so that nobody answers it twice, and saves
// text as a draft reply to it, saying what the risk check found.
func (p *Plain) saveReply(q desk.Question, n int, text string) (string, error) {
	c := p.c
	if err := c.desk.Claim(c.ctx, c.me.ID, q.ID, false); err != nil {
		return "", err
	}
	id, err := c.desk.CreateDraft(c.ctx, c.me.ID, desk.DraftInput{Kind: desk.DraftReply, ReplyTo: q.ID, Text: text})
	if err != nil {
		_ = c.desk.Release(c.ctx, c.me.ID, q.ID)
		return "", err
	}
	d, _ := c.desk.Draft(id)
	p.mu.Lock()
	words := p.sayDraft(d)
	p.mu.Unlock()
	return fmt.Sprintf("Reply to question %d saved. %s", n, words), nil
}

// dutyCommand says who is on duty, or puts the team on or off duty after
// reading out the broadcast and asking. The caller holds p.mu.
func (p *Plain) dutyCommand(args []string) error {
	c := p.c
	if len(args) == 0 {
		p.say(c.dutyWords(c.desk.Duty())+" "+c.shiftWords(), "Type duty on, with a time such as 22:00 if you like, or duty off, to change it.")
		return nil
	}
	if !c.supervisor() {
		return errSupervisorsDuty
	}
	var on bool
	switch strings.ToLower(args[0]) {
	case "on":
		on = true
	case "off":
	default:
		return fmt.Errorf("duty on [until] or duty off, not %q", args[0])
	}
	until, err := desk.ParseUntil(strings.Join(args[1:], " "))
	if err != nil {
		return err
	}
	pv := c.desk.PreviewDuty(on, until)
	if pv.Blocked() {
		return fmt.Errorf("the broadcast would be refused: it %s. Change the duty template in the config", findingWords(pv.Findings, desk.SeverityBlock))
	}
	word := "off"
	if on {
		word = "on"
	}
	p.confirm = &confirmation{
		id: dutyThing, what: "Posting the broadcast…", no: "Duty is unchanged; nothing was posted.",
		do: func() (string, error) {
			if _, err := c.desk.SetDuty(c.ctx, c.me.ID, on, until); err != nil {
				return "", err
			}
			ok := c.dutyWords(c.desk.Duty()) + " The broadcast was posted."
			if !on {
				ok += " Type report for the handover report."
			}
			return ok, nil
		},
	}
	p.say(fmt.Sprintf("Put the team %s duty? This will be posted from %s, visibility %s: %q. Type yes to post it.", word, pv.Account, pv.Visibility, oneLine(pv.Text)))
	return nil
}

// do runs a desk command in the background and says its result, or why
// it was refused. While it runs, changes to id are left for the result to
// say. The caller holds p.mu.
func (p *Plain) do(id string, f func() (string, error)) {
	p.inflight[id]++
	go func() {
		ok, err := f()
		p.mu.Lock()
		defer p.mu.Unlock()
		p.say(p.look()...)
		p.inflight[id]--
		if p.inflight[id] == 0 {
			delete(p.inflight, id)
		}
		if err != nil {
			var gone *desk.QuestionGoneError
			if errors.As(err, &gone) {
				err = errors.New("the question was deleted by its author; nothing was sent")
			}
			p.say(sentence("Refused: " + err.Error()))
			return
		}
		p.say(ok)
	}()
}

// thingArg finds the question or draft a command's first word numbers;
// kind, if set, is the one the command needs. The caller holds p.mu.
func (p *Plain) thingArg(cmd command, args []string, kind string) (desk.Question, desk.Draft, error) {
	usage := cmd.name + " " + cmd.usage
	if len(args) == 0 {
		return desk.Question{}, desk.Draft{}, fmt.Errorf("%s needs a number: type %s. list says the numbers", cmd.name, usage)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(args[0], "#"))
	if err != nil || n < 1 || n > len(p.things) {
		return desk.Question{}, desk.Draft{}, fmt.Errorf("there is no number %s: list says the numbers of the questions and drafts", args[0])
	}
	t := p.things[n-1]
	if t.draft {
		if kind == "question" {
			return desk.Question{}, desk.Draft{}, fmt.Errorf("%d is a draft, and %s is for questions", n, cmd.name)
		}
		d, ok := p.c.desk.Draft(t.id)
		if !ok {
			return desk.Question{}, desk.Draft{}, fmt.Errorf("draft %d is no longer on the desk", n)
		}
		return desk.Question{}, d, nil
	}
	if kind == "draft" {
		return desk.Question{}, desk.Draft{}, fmt.Errorf("%d is a question, and %s is for drafts", n, cmd.name)
	}
	q, ok := p.c.desk.Question(t.id)
	if !ok {
		return desk.Question{}, desk.Draft{}, fmt.Errorf("question %d was deleted by its author and has left the desk", n)
	}
	return q, desk.Draft{}, nil
}

// showQuestion says a question and its thread, oldest first. The caller
// holds p.mu.
func (p *Plain) showQuestion(q desk.Question) []string {
	c := p.c
	out := []string{p.sayQuestion(q)}
	if q.UrgencyReason != "" && q.Level.Flagged() {
		out = append(out, "Why: "+q.UrgencyReason+".")
	}
	loc := c.now().Location()
	for _, it := range c.desk.Thread(q.ID) {
		out = append(out, fmt.Sprintf("At %s %s wrote: %s", it.Created.In(loc).Format("15:04"), it.Author, oneLine(it.Text)))
	}
	return out
}

// showDraft says a draft and each of the risk check's findings. The
// caller holds p.mu.
func (p *Plain) showDraft(d desk.Draft) []string {
	out := []string{p.sayDraft(d)}
	for _, f := range d.Findings {
		s := fmt.Sprintf("The risk check %s: %q, %s.", map[string]string{desk.SeverityBlock: "blocks", desk.SeverityWarn: "warns of"}[f.Severity], safeSpan(d.Text, f), f.Reason)
		if f.Fix != "" {
			s += " " + sentence(f.Fix)
		}
		out = append(out, s)
	}
	return out
}

// PlainHelp is the plain console's commands, a line each, as its help
// says them: for `dutydesk --help` and the man page.
func PlainHelp() []string {
	out := make([]string, len(plainCommands))
	for i, cmd := range plainCommands {
		out[i] = commandHelp(cmd)
	}
	return out
}

// help says every command, or one.
func (p *Plain) help(args []string) []string {
	if len(args) > 0 {
		cmd, ok := plainCommands.find(strings.ToLower(args[0]))
		if !ok {
			return []string{sentence(plainCommands.unknown(args[0]).Error())}
		}
		return []string{commandHelp(cmd)}
	}
	out := []string{"Commands, one a line; N is the number a question or draft was read out with. Tab completes commands and names."}
	for _, cmd := range plainCommands {
		out = append(out, commandHelp(cmd))
	}
	return out
}

// commandHelp is one command's line of help: "assign N NAME: give question N …".
func commandHelp(cmd command) string {
	name := cmd.name
	if cmd.usage != "" {
		name += " " + cmd.usage
	}
	return name + ": " + cmd.help + "."
}

// sentence makes a message a sentence: a capital first, a full stop last.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}
