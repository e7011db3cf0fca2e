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
func (c Config) Render(a desk.Announcement) string {
	t := c.Duty.OffTemplate
	if a.On {
		t = c.Duty.OnTemplate
	}
	return c.fill(t, a)
}

// RenderAutoReply fills the off-duty auto-reply.
func (c Config) RenderAutoReply(a desk.Announcement) string { return c.fill(c.Duty.AutoReply, a) }

// RenderUrgentReply fills the off-duty emergency advice.
func (c Config) RenderUrgentReply(a desk.Announcement) string { return c.fill(c.Duty.UrgentReply, a) }

func (c Config) fill(t string, a desk.Announcement) string {
	until := a.Until
	if until == "" {
		until = "the end of the shift"
	}
	officers := strings.Join(a.Officers, ", ")
	if officers == "" {
		officers = "the team"
	}
	return strings.NewReplacer("{team}", c.Team, "{until}", until, "{next_on}", c.Duty.NextOn,
		"{officers}", officers, "{link}", c.Duty.ReportLink).Replace(t)
}

// CheckTemplates runs the risk check on each duty template as it will be
// rendered, so that a template the check blocks stops the start with its
// file and line, not the supervisor at the end of a shift.
func (c Config) CheckTemplates(check desk.Checker) error {
	if check == nil {
		return nil
	}
	sample := desk.Announcement{Team: c.Team, Until: "22:00", Officers: []string{"Sgt Example"}}
	for _, t := range []struct {
		key  string
		text string
	}{
		{"on_template", c.Render(desk.Announcement{Team: sample.Team, On: true, Until: sample.Until, Officers: sample.Officers})},
		{"off_template", c.Render(sample)},
		{"auto_reply", c.RenderAutoReply(sample)},
		{"urgent_reply", c.RenderUrgentReply(sample)},
	} {
		var blocks []string
		for _, f := range check(t.text) {
			if f.Severity == desk.SeverityBlock {
				blocks = append(blocks, fmt.Sprintf("%s %q: %s", f.Kind, t.text[f.Start:f.End], f.Reason))
			}
		}
		if len(blocks) > 0 {
			return c.ErrorAt("duty."+t.key, fmt.Sprintf("duty.%s is blocked by the risk check: %s", t.key, strings.Join(blocks, "; ")))
		}
	}
	return nil
}

// AckWithin is the [sla] target for acknowledging a question.
func (c Config) AckWithin() time.Duration {
	return time.Duration(c.SLA.AcknowledgeMinutes) * time.Minute
}

// AnswerWithin is the [sla] target for answering a question.
func (c Config) AnswerWithin() time.Duration {
	return time.Duration(c.SLA.AnswerHours) * time.Hour
}
