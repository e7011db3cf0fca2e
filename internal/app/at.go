package app

import (
	"context"
	"fmt"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/internal/config"
)

// OpenAt opens the desk in db as it was at m, read-only (desk.OpenAt): no
// feed, no posting, no snapshot, nothing written. The store must exist: a
// moment of a desk that was never kept is a mistake to report, not an empty
// desk to show.
func OpenAt(ctx context.Context, cfg config.Config, db string, m desk.Moment) (*desk.Desk, func(), error) {
	return openAt(ctx, cfg, db, cfg.DeskPeople(), m)
}

// DemoAt is OpenAt for the demo's store, with the demo team.
func DemoAt(ctx context.Context, cfg config.Config, db string, m desk.Moment) (*desk.Desk, func(), error) {
	teamName, people := demo.Team()
	cfg.Team = teamName
	return openAt(ctx, cfg, db, demoPeople(people), m)
}

func openAt(ctx context.Context, cfg config.Config, db string, people []desk.Person, m desk.Moment) (*desk.Desk, func(), error) {
	if err := stored(db, "give --db for another store"); err != nil {
		return nil, nil, fmt.Errorf("--at: %w", err)
	}
	opts := Options(cfg, people, nil)
	if err := AddChecks(&opts, cfg.Risk); err != nil {
		return nil, nil, err
	}
	st, err := OpenStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	d, err := desk.OpenAt(ctx, st, opts, m)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("--at %s: %w", m, err)
	}
	return d, func() { d.Shutdown(); st.Close() }, nil
}
