package main

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

// runTeamDesk opens the desk on the team's Mastodon accounts (see
// openTeamDesk) and feeds it from their streams. closeDesk stops the feeds,
// then closes the store.
func runTeamDesk(ctx context.Context, cfg config.Config, db string, opts mastodon.Options) (d *desk.Desk, closeDesk func(), err error) {
	client, d, closeStore, err := openTeamDesk(ctx, cfg, db, opts)
	if err != nil {
		return nil, nil, err
	}
	client.SetResume(resumePoints(d, client))
	stop := startFeeds(ctx, d, client.Sources())
	return d, func() { stop(); closeStore() }, nil
}

// resumePoints says where each account's feed left off: the newest status
// the desk holds from it on this server, so that the first catch-up after a
// restart fetches everything that arrived while dutydesk was down.
func resumePoints(d *desk.Desk, client *mastodon.Client) map[string]string {
	prefix := client.ItemID("")
	return d.ResumePoints(func(itemID string) bool { return strings.HasPrefix(itemID, prefix) })
}

// startFeeds runs sources into the desk: merged, forwarded with each
// account's health under its own name, and pumped into the store in batches.
// With a store shared by several hosts each source runs only on the host
// elected for it (see ledSource). stop ends the feeds and returns once the
// pump has stopped writing to the store, so the store may then be closed.
func startFeeds(ctx context.Context, d *desk.Desk, sources []feeds.Source) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	events := make(chan feeds.Event, 1024)
	pumped := make(chan struct{})
	go forward(ctx, feeds.Merge(ctx, led(d.Leader(), sources)...), events)
	go func() { defer close(pumped); pump(ctx, d, events) }()
	return func() { cancel(); <-pumped }
}

// led wraps every source in leadership when the store is shared (leader is
// not nil); alone on its store, this host runs them all directly.
func led(leader desk.Leader, sources []feeds.Source) []feeds.Source {
	if leader == nil {
		return sources
	}
	out := make([]feeds.Source, len(sources))
	for i, s := range sources {
		out[i] = &ledSource{src: s, leader: leader}
	}
	return out
}

// ledRetry is how long a host waits before competing again after it could
// not even ask the database (Lead failed rather than waited).
const ledRetry = time.Second

// ledSource runs a source only while this host leads it among the hosts
// sharing the store ("feed:" + the source's name): the others wait as
// standbys, and when the leader dies, resigns or loses its connection to the
// database, one of them takes the stream over within seconds. The new leader
// starts with the source's catch-up, so what arrived during the handover is
// fetched; leadership may overlap for a few seconds after a network fault,
// and the desk drops an item it already holds by its ID, so neither a gap
// nor an overlap loses or repeats a question.
type ledSource struct {
	src    feeds.Source
	leader desk.Leader
}

func (s *ledSource) Name() string { return s.src.Name() }

// Run competes for the source and runs it while leading, until ctx ends.
// It returns ctx.Err(), or the source's own error if it cannot recover (a
// refused token), after giving up leadership so another host may try.
func (s *ledSource) Run(ctx context.Context, out chan<- feeds.Event) error {
	name := s.src.Name()
	health := func(msg string, err error) {
		select {
		case out <- feeds.Event{Type: feeds.EventHealth, Item: feeds.Item{Source: name}, Health: msg, Err: err}:
		case <-ctx.Done():
		}
	}
	for {
		health("standby: another host streams this account", nil)
		term, resign := context.WithCancel(ctx)
		lost, err := s.leader.Lead(term, "feed:"+name)
		if err != nil {
			resign()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			health(fmt.Sprintf("cannot take part in the election, retrying in %s", ledRetry), err)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(ledRetry):
			}
			continue
		}
		err = s.lead(term, lost, out)
		resign()
		<-lost // leadership released before competing again or returning
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return err
		}
	}
}

// lead runs the source until leadership is lost (nil) or the source returns
// on its own (its error).
func (s *ledSource) lead(ctx context.Context, lost <-chan struct{}, out chan<- feeds.Event) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.src.Run(ctx, out) }()
	select {
	case <-lost:
		cancel()
		<-done
		return nil
	case err := <-done:
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("%s stopped", s.src.Name())
		}
		return err
	}
}
