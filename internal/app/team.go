package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/config"
)

// verifyTimeout bounds checking every account's token at start-up, rate
// limits included, so that a dead server fails the start instead of hanging.
const verifyTimeout = 2 * time.Minute

// OpenTeam connects the team's Mastodon accounts in cfg, checks every
// token with the server and opens the desk at db with the accounts as its
// poster: what `run` and `duty` both post through.
func OpenTeam(ctx context.Context, cfg config.Config, db string, opts mastodon.Options) (*mastodon.Client, *desk.Desk, func(), error) {
	if !cfg.HasMastodon() {
		return nil, nil, nil, &config.Error{Path: cfg.Path(), Msg: "no [mastodon] table: connect the team account with `dutydesk login --instance URL` and add the lines it prints (or try `dutydesk demo`)"}
	}
	client, err := VerifiedClient(ctx, cfg, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	d, closeDesk, err := Open(ctx, db, cfg, cfg.DeskPeople(), client)
	if err != nil {
		return nil, nil, nil, err
	}
	return client, d, closeDesk, nil
}

// VerifiedClient connects the [mastodon] accounts and checks every token
// with the server, so that a refused token stops the start, not a post.
func VerifiedClient(ctx context.Context, cfg config.Config, opts mastodon.Options) (*mastodon.Client, error) {
	client, err := mastodon.New(cfg.Mastodon, opts)
	if err != nil {
		return nil, cfg.Locate(err)
	}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	if err := client.Verify(vctx); err != nil {
		return nil, fmt.Errorf("checking the accounts in %s:\n%w", cfg.Path(), err)
	}
	return client, nil
}

// forward moves the merged feed into the pump. Each account reports its
// health as "name: condition"; keyed by the account, two accounts show side
// by side in the status bar instead of overwriting each other.
func forward(ctx context.Context, in <-chan feeds.Event, out chan<- feeds.Event) {
	for ev := range in {
		if ev.Type == feeds.EventHealth && ev.Item.Source == "" {
			if name, cond, ok := strings.Cut(ev.Health, ": "); ok && name != "" && !strings.ContainsAny(name, " \t") {
				ev.Item.Source, ev.Health = name, cond
			}
		}
		select {
		case out <- ev:
		case <-ctx.Done():
			// keep draining: Merge closes in once its sources have stopped
		}
	}
}

// RunTeam opens the desk on the team's Mastodon accounts (see
// OpenTeam) and feeds it from their streams. closeDesk stops the feeds,
// then closes the store.
func RunTeam(ctx context.Context, cfg config.Config, db string, opts mastodon.Options) (d *desk.Desk, closeDesk func(), err error) {
	client, d, closeStore, err := OpenTeam(ctx, cfg, db, opts)
	if err != nil {
		return nil, nil, err
	}
	client.SetResume(resumePoints(d, client))
	stop := StartFeeds(ctx, d, client.Sources())
	return d, func() { stop(); closeStore() }, nil
}

// resumePoints says where each account's feed left off: the newest status
// the desk holds from it on this server, so that the first catch-up after a
// restart fetches everything that arrived while dutydesk was down.
func resumePoints(d *desk.Desk, client *mastodon.Client) map[string]string {
	prefix := client.ItemID("")
	return d.ResumePoints(func(itemID string) bool { return strings.HasPrefix(itemID, prefix) })
}

// StartFeeds runs sources into the desk: merged, forwarded with each
// account's health under its own name, and pumped into the store in batches.
// With a store shared by several hosts each source runs only on the host
// elected for it (see ledSource). stop ends the feeds and returns once the
// pump has stopped writing to the store, so the store may then be closed.
func StartFeeds(ctx context.Context, d *desk.Desk, sources []feeds.Source) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	events := make(chan feeds.Event, 1024)
	pumped := make(chan struct{})
	go forward(ctx, feeds.Merge(ctx, feeds.Led(d.Leader(), sources)...), events)
	go func() { defer close(pumped); d.Pump(ctx, events) }()
	return func() { cancel(); <-pumped }
}
