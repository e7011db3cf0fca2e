package main

import (
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/risk"
)

// addChecks puts the risk checker in front of every draft and the urgency
// classifier in front of every inbound question. The config was validated,
// so building the checker cannot fail here.
func addChecks(opts *desk.Options, cfg config.Config) error {
	checker, err := risk.New(cfg.Risk)
	if err != nil {
		return err
	}
	opts.Check = func(text string) []desk.Finding {
		found := checker.Check(text)
		out := make([]desk.Finding, len(found))
		for i, f := range found {
			out[i] = desk.Finding{Kind: string(f.Kind), Severity: string(f.Severity), Start: f.Start, End: f.End, Reason: f.Reason, Fix: f.Fix}
		}
		return out
	}
	opts.Urgency = func(text string) (bool, string) {
		u := checker.Urgency(text)
		return u.Level == risk.Urgent, u.Reason
	}
	return nil
}
