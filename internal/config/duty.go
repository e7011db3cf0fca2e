package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// templateField is a {field} in a duty template.
var templateField = regexp.MustCompile(`\{([^{}]*)\}`)

// dutyFields are the fields the duty templates may use.
var dutyFields = []string{"team", "until", "next_on", "officers", "link"}

func (c Config) validateDuty() error {
	if key, msg := checkDuty(c.Duty, "duty."); key != "" {
		return c.ErrorAt(key, msg)
	}
	return nil
}

// checkDuty checks one set of duty templates, its keys named under prefix
// ("duty.", "teams[1].duty."); it returns the key at fault and what to fix,
// or "" if all is well.
func checkDuty(duty DutyConfig, prefix string) (key, msg string) {
	templates := []struct{ key, text string }{
		{"on_template", duty.OnTemplate}, {"off_template", duty.OffTemplate}, {"auto_reply", duty.AutoReply},
		{"urgent_reply", duty.UrgentReply},
	}
	for _, t := range templates {
		key := prefix + t.key
		for _, m := range templateField.FindAllStringSubmatch(t.text, -1) {
			if !slices.Contains(dutyFields, m[1]) {
				return key, fmt.Sprintf("%s uses unknown field {%s}; the fields are {%s}", key, m[1], strings.Join(dutyFields, "}, {"))
			}
			if m[1] == "link" && strings.TrimSpace(duty.ReportLink) == "" {
				return key, fmt.Sprintf("%s uses {link} but %sreport_link is not set: give the online-reporting address", key, prefix)
			}
		}
		switch t.key {
		case "on_template":
			continue
		case "urgent_reply":
			if !strings.Contains(t.text, "999") {
				return key, key + " must tell someone in danger to call 999"
			}
			continue
		}
		if !strings.Contains(t.text, "999") || !strings.Contains(t.text, "101") {
			return key, key + " must tell the public to call 999 in an emergency and 101 otherwise"
		}
	}
	if duty.AutoReplyPerMinute < 1 {
		return prefix + "auto_reply_per_minute", prefix + "auto_reply_per_minute must be ≥ 1"
	}
	return "", ""
}

// Render fills the on- or off-duty broadcast template.
func (c Config) Render(a desk.Announcement) string { return render(c.Team, c.Duty, a) }

// RenderAutoReply fills the off-duty auto-reply.
func (c Config) RenderAutoReply(a desk.Announcement) string {
	return fill(c.Team, c.Duty, c.Duty.AutoReply, a)
}

// RenderUrgentReply fills the off-duty emergency advice.
func (c Config) RenderUrgentReply(a desk.Announcement) string {
	return fill(c.Team, c.Duty, c.Duty.UrgentReply, a)
}

// Render fills the team's on- or off-duty broadcast template.
func (t Team) Render(a desk.Announcement) string { return render(t.Name, t.Duty, a) }

// RenderAutoReply fills the team's off-duty auto-reply.
func (t Team) RenderAutoReply(a desk.Announcement) string {
	return fill(t.Name, t.Duty, t.Duty.AutoReply, a)
}

// RenderUrgentReply fills the team's off-duty emergency advice.
func (t Team) RenderUrgentReply(a desk.Announcement) string {
	return fill(t.Name, t.Duty, t.Duty.UrgentReply, a)
}

func render(team string, duty DutyConfig, a desk.Announcement) string {
	t := duty.OffTemplate
	if a.On {
		t = duty.OnTemplate
	}
	return fill(team, duty, t, a)
}

func fill(team string, duty DutyConfig, t string, a desk.Announcement) string {
	until := a.Until
	if until == "" {
		until = "the end of the shift"
	}
	officers := strings.Join(a.Officers, ", ")
	if officers == "" {
		officers = "the team"
	}
	return strings.NewReplacer("{team}", team, "{until}", until, "{next_on}", duty.NextOn,
		"{officers}", officers, "{link}", duty.ReportLink).Replace(t)
}

// CheckTemplates runs the risk check on each duty template as it will be
// rendered, so that a template the check blocks stops the start with its
// file and line, not the supervisor at the end of a shift.
func (c Config) CheckTemplates(check desk.Checker) error {
	if check == nil {
		return nil
	}
	if key, msg := checkRendered(check, c.Team, c.Duty, "duty."); key != "" {
		return c.ErrorAt(key, msg)
	}
	for i, tc := range c.TeamList {
		t := c.Teams()[i]
		if key, msg := checkRendered(check, t.Name, t.Duty, fmt.Sprintf("teams[%d].duty.", i)); key != "" {
			return c.ErrorAt(fmt.Sprintf("teams[%d]", i), fmt.Sprintf("team %q: %s", tc.ID, msg))
		}
	}
	return nil
}

// checkRendered runs the risk check on one team's duty templates as they
// will be rendered; it returns the key blocked and why, or "".
func checkRendered(check desk.Checker, team string, duty DutyConfig, prefix string) (key, msg string) {
	sample := desk.Announcement{Team: team, Until: "22:00", Officers: []string{"Sgt Example"}}
	for _, t := range []struct {
		key  string
		text string
	}{
		{"on_template", render(team, duty, desk.Announcement{Team: sample.Team, On: true, Until: sample.Until, Officers: sample.Officers})},
		{"off_template", render(team, duty, sample)},
		{"auto_reply", fill(team, duty, duty.AutoReply, sample)},
		{"urgent_reply", fill(team, duty, duty.UrgentReply, sample)},
	} {
		var blocks []string
		for _, f := range check(t.text) {
			if f.Severity == desk.SeverityBlock {
				blocks = append(blocks, fmt.Sprintf("%s %q: %s", f.Kind, t.text[f.Start:f.End], f.Reason))
			}
		}
		if len(blocks) > 0 {
			return prefix + t.key, fmt.Sprintf("%s%s is blocked by the risk check: %s", prefix, t.key, strings.Join(blocks, "; "))
		}
	}
	return "", ""
}

// AckWithin is the [sla] target for acknowledging a question.
func (c Config) AckWithin() time.Duration {
	return time.Duration(c.SLA.AcknowledgeMinutes) * time.Minute
}

// AnswerWithin is the [sla] target for answering a question.
func (c Config) AnswerWithin() time.Duration {
	return time.Duration(c.SLA.AnswerHours) * time.Hour
}
