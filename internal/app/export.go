package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// ExportRequest is `dutydesk export` as typed.
type ExportRequest struct {
	Config, DB string
	// From and To are moments as report reads them (desk.ParseMoment, in
	// local time); To "" is now.
	From, To string
	Format   string // "jsonl" or "md"
}

// Export writes the stored events and the posts of the period r asks for,
// for disclosure, each event with its chain hash, and the chain head of the
// whole log.
func Export(ctx context.Context, r ExportRequest, now time.Time, w io.Writer) error {
	if r.Format != "jsonl" && r.Format != "md" {
		return usagef("--format %q: use jsonl or md", r.Format)
	}
	if r.From == "" {
		return usagef("--from is needed: the start of the period, %s", desk.MomentForms)
	}
	from, err := ParseMoment("from", r.From, now)
	if err != nil {
		return err
	}
	to := desk.Moment{Time: now}
	if r.To != "" {
		if to, err = ParseMoment("to", r.To, now); err != nil {
			return err
		}
	}
	st, err := OpenStoreToRead(ctx, r.Config, r.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	start, err := desk.MomentTime(ctx, st, from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	end, err := desk.MomentTime(ctx, st, to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	return desk.Export(ctx, st, start.UTC(), end.UTC(), r.Format, w)
}
