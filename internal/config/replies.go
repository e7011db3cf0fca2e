package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// ReplyConfig is one [[replies]] entry: a saved reply.
type ReplyConfig struct {
	Name string `toml:"name"`
	Text string `toml:"text"`
	// TextCy is the Welsh version: for a team that posts in Welsh
	// (languages has "cy") the reply is both, in the team's order.
	TextCy string   `toml:"text_cy"`
	Team   string   `toml:"team"`
	Tags   []string `toml:"tags"`
}

// maxReplyLen keeps a saved reply, filled, within a Mastodon post (500).
const maxReplyLen = 400

func (c Config) validateReplies() error {
	seen := map[string]bool{}
	for i, r := range c.Replies {
		at := fmt.Sprintf("replies[%d]", i)
		switch {
		case strings.TrimSpace(r.Name) == "":
			return c.ErrorAt(at, at+".name is not set: give each saved reply a short name to pick it by, e.g. name = \"acknowledge\"")
		case seen[r.Name]:
			return c.ErrorAt(at+".name", fmt.Sprintf("%s.name %q is used twice: saved reply names must differ", at, r.Name))
		case strings.TrimSpace(r.Text) == "":
			return c.ErrorAt(at, fmt.Sprintf("%s (%q) has no text", at, r.Name))
		case len([]rune(r.Text)) > maxReplyLen:
			return c.ErrorAt(at+".text", fmt.Sprintf("%s.text (%q) is %d characters; keep it to %d so that it fits a post with a mention", at, r.Name, len([]rune(r.Text)), maxReplyLen))
		}
		seen[r.Name] = true
		if n := len([]rune(r.TextCy)); n > maxReplyLen {
			return c.ErrorAt(at+".text_cy", fmt.Sprintf("%s.text_cy (%q) is %d characters; keep it to %d", at, r.Name, n, maxReplyLen))
		}
		for _, m := range templateField.FindAllStringSubmatch(r.Text+" "+r.TextCy, -1) {
			if !slices.Contains(desk.ReplyFields, m[1]) {
				return c.ErrorAt(at+".text", fmt.Sprintf("%s.text (%q) uses unknown field {%s}; the fields are {%s}", at, r.Name, m[1], strings.Join(desk.ReplyFields, "}, {")))
			}
		}
	}
	return nil
}

// SavedReplies are the [[replies]] as the desk takes them.
func (c Config) SavedReplies() []desk.SavedReply {
	out := make([]desk.SavedReply, 0, len(c.Replies))
	for _, r := range c.Replies {
		out = append(out, desk.SavedReply{Name: r.Name, Text: c.replyText(r), Team: r.Team, Tags: r.Tags})
	}
	return out
}

// replyText is a saved reply's text in the languages of its team (the
// desk's first team if it names none): with a Welsh version and Welsh
// among them, both, in the team's order.
func (c Config) replyText(r ReplyConfig) string {
	if strings.TrimSpace(r.TextCy) == "" {
		return r.Text
	}
	t, err := c.TeamByID(r.Team)
	if err != nil {
		t = c.Teams()[0]
	}
	if !slices.Contains(t.Languages, "cy") {
		return r.Text
	}
	var parts []string
	for _, l := range t.Languages {
		if l == "cy" {
			parts = append(parts, r.TextCy)
		} else {
			parts = append(parts, r.Text)
		}
	}
	return strings.Join(parts, bilingualSep)
}

// RefAdvice is {ref_advice} in saved replies: how to get a crime reference,
// with the online-reporting link when duty.report_link is set.
func (c Config) RefAdvice() string {
	if link := strings.TrimSpace(c.Duty.ReportLink); link != "" {
		return "report it online at " + link + " or call 101, and you'll be given a crime reference number"
	}
	return desk.DefaultRefAdvice
}

// CheckReplies runs the risk check on every saved reply as it reads filled
// with sample values, so that a reply the check would block is refused at
// start with its file and line and the finding, not at the keyboard.
func (c Config) CheckReplies(check desk.Checker) error {
	if check == nil {
		return nil
	}
	sample := desk.ReplyVars{Name: "Amy", Officer: "PC Example", Team: c.Team, When: "within 24 hours", RefAdvice: c.RefAdvice()}
	for i, r := range c.SavedReplies() {
		text := r.Fill(sample)
		var blocks []string
		for _, f := range check(text) {
			if f.Severity == desk.SeverityBlock {
				blocks = append(blocks, fmt.Sprintf("%s %q: %s", f.Kind, text[f.Start:f.End], f.Reason))
			}
		}
		if len(blocks) > 0 {
			at := fmt.Sprintf("replies[%d]", i)
			return c.ErrorAt(at+".text", fmt.Sprintf("%s (%q) is blocked by the risk check: %s", at, r.Name, strings.Join(blocks, "; ")))
		}
	}
	return nil
}
