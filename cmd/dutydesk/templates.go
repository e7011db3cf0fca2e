package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// ackWithin and answerWithin are the [sla] targets.
func (c Config) ackWithin() time.Duration {
	return time.Duration(c.SLA.AcknowledgeMinutes) * time.Minute
}

func (c Config) answerWithin() time.Duration {
	return time.Duration(c.SLA.AnswerHours) * time.Hour
}

// checkTemplates runs the risk check on each duty template as it will be
// rendered, so that a template the check blocks stops the start with its
// file and line, not the supervisor at the end of a shift.
func checkTemplates(cfg Config, check desk.Checker) error {
	if check == nil {
		return nil
	}
	sample := desk.Announcement{Team: cfg.Team, Until: "22:00", Officers: []string{"Sgt Example"}}
	for _, t := range []struct {
		key  string
		text string
	}{
		{"on_template", cfg.render(desk.Announcement{Team: sample.Team, On: true, Until: sample.Until, Officers: sample.Officers})},
		{"off_template", cfg.render(sample)},
		{"auto_reply", cfg.renderAutoReply(sample)},
	} {
		var blocks []string
		for _, f := range check(t.text) {
			if f.Severity == desk.SeverityBlock {
				blocks = append(blocks, fmt.Sprintf("%s %q: %s", f.Kind, t.text[f.Start:f.End], f.Reason))
			}
		}
		if len(blocks) > 0 {
			return cfg.errorAt("duty."+t.key, fmt.Sprintf("duty.%s is blocked by the risk check: %s", t.key, strings.Join(blocks, "; ")))
		}
	}
	return nil
}
