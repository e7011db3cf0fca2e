package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// AckKeyMap is the keys of the x chooser: one key per way to acknowledge.
type AckKeyMap struct {
	Silent, Favourite, Reply, Again, Cancel key.Binding
}

// DefaultAckKeyMap is the chooser's keys.
func DefaultAckKeyMap() AckKeyMap {
	return AckKeyMap{
		Silent:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "silently")),
		Favourite: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "favourite")),
		Reply:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "ack reply")),
		Again:     key.NewBinding(key.WithKeys("enter", "x"), key.WithHelp("enter/x", "as last time")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ackChoiceView asks how to acknowledge a question (x): silently, with a
// favourite its author sees, or with the acknowledgement saved reply. It
// remembers the last choice for enter, and offers only "silently" once the
// author has been told (by the off-duty auto-reply, a favourite or an
// acknowledgement reply), so nobody is told twice.
type ackChoiceView struct {
	c       *common
	id      string
	keys    AckKeyMap
	q       desk.Question
	already string // how the author was told already, "" if not
	reply   string // the saved reply an ack reply uses, "" if none
	preview string // that reply filled in for the question
	w       int
}

func newAckChoice(c *common, id string) *ackChoiceView {
	v := &ackChoiceView{c: c, id: id, keys: DefaultAckKeyMap()}
	v.q, _ = c.desk.Question(id)
	v.already = c.desk.PublicAck(id)
	v.reply = c.desk.AckReplyName()
	if r, ok := c.desk.SavedReply(v.reply); ok {
		v.preview = r.Fill(c.desk.ReplyVars(c.me.ID, id))
	}
	return v
}

func (v *ackChoiceView) update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	k := v.keys
	how := desk.AckHow("")
	switch {
	case key.Matches(km, k.Cancel):
		return nil, nil
	case key.Matches(km, k.Silent):
		how = desk.AckSilent
	case key.Matches(km, k.Favourite):
		how = desk.AckFavourite
	case key.Matches(km, k.Reply):
		how = desk.AckReply
	case key.Matches(km, k.Again):
		how = v.c.lastAck
		if how == "" || (how != desk.AckSilent && v.already != "") {
			how = desk.AckSilent
		}
	default:
		return v, nil
	}
	if err := ackRefusal(v.q, how, v.already, v.reply, "s"); err != nil {
		return v, refuse(err)
	}
	c := v.c
	c.lastAck = how
	return nil, saving(func() tea.Msg {
		ok, err := c.acknowledge(v.q, how, v.reply)
		return resultMsg{ok: ok, err: err}
	})
}

func (v *ackChoiceView) setSize(w, h int) { v.w = w }

func (v *ackChoiceView) view() string {
	c, w, s := v.c, v.w, v.c.styles
	var b strings.Builder
	b.WriteString(s.Bold.Render(fit("Acknowledge "+v.q.Item.Author+": "+oneLine(v.q.Item.Text), w)) + "\n\n")
	mark := func(how desk.AckHow) string {
		if c.lastAck == how || (c.lastAck == "" && how == desk.AckSilent) {
			return "▶"
		}
		return " "
	}
	line := func(how desk.AckHow, k key.Binding, text string, off bool) {
		l := fit(fmt.Sprintf(" %s %s  %s", mark(how), k.Help().Key, text), w)
		if off {
			l = s.Faint.Render(l)
		}
		b.WriteString(l + "\n")
	}
	line(desk.AckSilent, v.keys.Silent, "silently — on the desk only; the author sees nothing yet", false)
	line(desk.AckFavourite, v.keys.Favourite, "favourite the question — "+v.q.Item.Author+" is notified that the team has seen it", v.already != "")
	if v.reply == "" {
		line(desk.AckReply, v.keys.Reply, "reply — no acknowledgement in [[replies]] (name it \"acknowledge\" or tag it \"ack\")", true)
	} else {
		line(desk.AckReply, v.keys.Reply, "reply \""+v.reply+"\": "+oneLine(v.preview), v.already != "")
	}
	if v.already != "" {
		b.WriteString("\n" + s.Faint.Render(fit("  Already told by "+v.already+": acknowledge on the desk only.", w)) + "\n")
	}
	b.WriteString("\n" + s.Faint.Render(fit("  enter or x repeats the marked choice · esc cancels", w)) + "\n")
	return b.String()
}

func (v *ackChoiceView) help() []key.Binding {
	k := v.keys
	return []key.Binding{k.Silent, k.Favourite, k.Reply, k.Again, k.Cancel}
}

func (v *ackChoiceView) typing() bool { return false }

// ackRefusal says why q may not be acknowledged how: its author was told
// already (silently names how to acknowledge on the desk only), or there
// is no acknowledgement saved reply; nil if it may.
func ackRefusal(q desk.Question, how desk.AckHow, already, reply, silently string) error {
	if how != desk.AckSilent && already != "" {
		return fmt.Errorf("%s was already told by %s: %s acknowledges on the desk only", q.Item.Author, already, silently)
	}
	if how == desk.AckReply && reply == "" {
		return fmt.Errorf("no saved reply named \"acknowledge\" or tagged \"ack\": add one to [[replies]] in the config")
	}
	return nil
}

// acknowledge asks the desk to acknowledge q how (reply: the saved reply
// an acknowledgement reply uses) and says what that did.
func (c *common) acknowledge(q desk.Question, how desk.AckHow, reply string) (string, error) {
	draft, err := c.desk.AcknowledgeWith(c.ctx, c.me.ID, q.ID, how, reply)
	ok := "acknowledged"
	switch how {
	case desk.AckFavourite:
		ok = "acknowledged — favourited, " + q.Item.Author + " is notified"
	case desk.AckReply:
		ok = "acknowledged — reply posted to " + q.Item.Author
		if dr, found := c.desk.Draft(draft); found && dr.State == desk.DraftFlagged {
			ok = "acknowledgement reply flagged by the risk check: it waits for a supervisor's approval in Drafts"
		}
	}
	return ok, err
}
