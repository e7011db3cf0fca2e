package desk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// countingPoster is a server without idempotency keys: it counts every call
// per key, so a draft posted twice shows as 2 however the calls were keyed.
type countingPoster struct {
	mu    sync.Mutex
	calls map[string]int
	delay time.Duration // widens the window in which a second host could post
}

func (p *countingPoster) Post(ctx context.Context, post feeds.Post) (feeds.Posted, error) {
	p.mu.Lock()
	if p.calls == nil {
		p.calls = map[string]int{}
	}
	p.calls[post.Key]++
	p.mu.Unlock()
	select {
	case <-time.After(p.delay):
	case <-ctx.Done():
		return feeds.Posted{}, ctx.Err()
	}
	return feeds.Posted{RemoteID: "r" + post.Key}, nil
}

func (p *countingPoster) count(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[key]
}

func (p *countingPoster) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.calls {
		n += c
	}
	return n
}

// postHost is one host of a shared desk that posts: its own store, desk,
// name and clock; the poster is shared, as the Mastodon server is.
type postHost struct {
	store *PostgresStore
	desk  *Desk
	clock *fakeClock
}

func openPostHost(t *testing.T, u, host string, poster feeds.Poster, follow bool) postHost {
	t.Helper()
	st := openPG(t, u)
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d, err := Open(context.Background(), st, Options{People: team, Now: clock.Now, Poster: poster, Host: host})
	if err != nil {
		t.Fatal(err)
	}
	if follow {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- d.Follow(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	return postHost{store: st, desk: d, clock: clock}
}

// approvedDrafts writes n team posts on h and approves them.
func approvedDrafts(t *testing.T, h postHost, n int) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for i := 0; i < n; i++ {
		id, err := h.desk.CreateDraft(ctx, "morris", DraftInput{Text: fmt.Sprintf("Road closure %d lifted.", i)})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.desk.Approve(ctx, "morris", id, ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func catchUp(t *testing.T, hosts ...postHost) {
	t.Helper()
	for _, h := range hosts {
		if err := h.desk.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func mustDraftState(t *testing.T, h postHost, id string, want DraftState) Draft {
	t.Helper()
	dr, ok := h.desk.Draft(id)
	if !ok || dr.State != want {
		t.Fatalf("%s on %s: %+v, want %s", id, h.desk.opts.Host, dr, want)
	}
	return dr
}

func TestPostgresOnePosterPerDraft(t *testing.T) {
	for _, follow := range []bool{false, true} {
		t.Run(fmt.Sprintf("follow=%v", follow), func(t *testing.T) {
			u := pgtest.DB(t)
			ctx := context.Background()
			poster := &countingPoster{delay: 5 * time.Millisecond}
			a := openPostHost(t, u, "station-a", poster, follow)
			b := openPostHost(t, u, "station-b", poster, follow)
			const rounds = 25
			ids := approvedDrafts(t, a, rounds)
			catchUp(t, b)
			for _, id := range ids {
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make([]error, 2)
				for j, h := range []postHost{a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						errs[j] = h.desk.Send(ctx, "morris", id)
					}()
				}
				close(start)
				wg.Wait()
				if n := poster.count(id); n != 1 {
					t.Fatalf("%s posted %d times (%v)", id, n, errs)
				}
				sent := 0
				for _, err := range errs {
					var pe *PostingError
					switch {
					case err == nil:
						sent++
					case errors.As(err, &pe), errors.Is(err, ErrIllegal):
						// the loser is told the draft is going (or gone) out
					default:
						t.Fatalf("%s: unexpected error %v", id, err)
					}
				}
				if sent != 1 {
					t.Fatalf("%s: %d sends succeeded (%v)", id, sent, errs)
				}
				catchUp(t, a, b)
				mustDraftState(t, a, id, DraftPosted)
				mustDraftState(t, b, id, DraftPosted)
			}
			evs, err := a.desk.Events(0)
			if err != nil {
				t.Fatal(err)
			}
			started, posted := 0, 0
			for _, ev := range evs {
				switch ev.Type {
				case EvPostStarted:
					started++
				case EvPosted:
					posted++
				}
			}
			if started != rounds || posted != rounds {
				t.Fatalf("%d claims and %d posts stored for %d drafts", started, posted, rounds)
			}
		})
	}
}

// abandon stores claims on ids as host would have before dying mid-post.
func abandon(t *testing.T, h postHost, host string, ids []string) {
	t.Helper()
	catchUp(t, h)
	var evs []Event
	for _, id := range ids {
		ev, err := newEvent(EvPostStarted, "morris", h.clock.Now().UTC(), postStartedPayload{Draft: id, Host: host, Claim: "dead-process"})
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	if _, err := h.store.Append(context.Background(), h.desk.LastSeq(), evs); err != nil {
		t.Fatal(err)
	}
	catchUp(t, h)
}

// resumeTogether runs ResumePosting on every host at once.
func resumeTogether(t *testing.T, hosts ...postHost) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if err := h.desk.ResumePosting(context.Background()); err != nil {
				t.Errorf("resume on %s: %v", h.desk.opts.Host, err)
			}
		}()
	}
	close(start)
	wg.Wait()
}

func TestPostgresResumePostingOnTwoHosts(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	poster := &countingPoster{delay: 2 * time.Millisecond}
	b := openPostHost(t, u, "station-b", poster, false)
	c := openPostHost(t, u, "station-c", poster, false)

	// Station A claimed these and stopped mid-post.
	ids := approvedDrafts(t, b, 8)
	abandon(t, b, "station-a", ids)
	catchUp(t, c)

	// A's claim stands: neither B nor C may post them yet, not even by hand.
	resumeTogether(t, b, c)
	if n := poster.total(); n != 0 {
		t.Fatalf("%d posts of drafts another host claimed moments ago", n)
	}
	var pe *PostingError
	if err := c.desk.Send(ctx, "morris", ids[0]); !errors.As(err, &pe) || pe.Host != "station-a" {
		t.Fatalf("send of a draft station-a is posting: %v", err)
	}

	// Station A comes back: it resumes its own claims at once, while B
	// (still within the lease) leaves them alone.
	a := openPostHost(t, u, "station-a", poster, false)
	resumeTogether(t, a, b)
	for _, id := range ids {
		if n := poster.count(id); n != 1 {
			t.Fatalf("%s posted %d times after station-a resumed", id, n)
		}
	}
	catchUp(t, a, b, c)
	for _, id := range ids {
		mustDraftState(t, c, id, DraftPosted)
	}

	// Station A claims more and dies for good: once the lease has run out,
	// B and C both try to take them over, and each is posted once.
	more := approvedDrafts(t, b, 8)
	abandon(t, b, "station-a", more)
	catchUp(t, c)
	resumeTogether(t, b, c)
	if n := poster.count(more[0]); n != 0 {
		t.Fatalf("posted %d times within the lease", n)
	}
	b.clock.Advance(DefaultPostLease)
	c.clock.Advance(DefaultPostLease)
	resumeTogether(t, b, c)
	catchUp(t, b, c)
	for _, id := range more {
		if n := poster.count(id); n != 1 {
			t.Fatalf("%s posted %d times after the lease ran out", id, n)
		}
		dr := mustDraftState(t, c, id, DraftPosted)
		if dr.PostingHost != "station-b" && dr.PostingHost != "station-c" {
			t.Fatalf("%s: taken over by %q", id, dr.PostingHost)
		}
	}
	// Nothing left to resume: a second round posts nothing more.
	resumeTogether(t, b, c)
	if n := poster.total(); n != len(ids)+len(more) {
		t.Fatalf("%d posts in all for %d drafts", n, len(ids)+len(more))
	}
}

// blockingPoster holds every post until released, and counts the calls.
type blockingPoster struct {
	countingPoster
	release chan struct{}
}

func (p *blockingPoster) Post(ctx context.Context, post feeds.Post) (feeds.Posted, error) {
	p.mu.Lock()
	if p.calls == nil {
		p.calls = map[string]int{}
	}
	p.calls[post.Key]++
	p.mu.Unlock()
	select {
	case <-p.release:
	case <-ctx.Done():
		return feeds.Posted{}, ctx.Err()
	}
	return feeds.Posted{RemoteID: "r" + post.Key}, nil
}

func TestPostgresPostInFlightIsNotResumedByItsOwnHost(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	poster := &blockingPoster{release: make(chan struct{})}
	a := openPostHost(t, u, "station-a", poster, false)
	b := openPostHost(t, u, "station-b", poster, false)
	ids := approvedDrafts(t, a, 1)
	sent := make(chan error, 1)
	go func() { sent <- a.desk.Send(ctx, "morris", ids[0]) }()
	deadline := time.Now().Add(5 * time.Second)
	for poster.count(ids[0]) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("send never reached the poster")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// While A's post is on the wire: A's own resume loop and another host
	// appending meanwhile must neither post again nor lose the outcome.
	if err := a.desk.ResumePosting(ctx); err != nil {
		t.Fatal(err)
	}
	catchUp(t, b)
	if _, err := b.desk.CreateDraft(ctx, "morris", DraftInput{Text: "appended while A posts"}); err != nil {
		t.Fatal(err)
	}
	close(poster.release)
	if err := <-sent; err != nil {
		t.Fatalf("send whose outcome raced another host's append: %v", err)
	}
	if n := poster.count(ids[0]); n != 1 {
		t.Fatalf("posted %d times", n)
	}
	mustDraftState(t, a, ids[0], DraftPosted)
	catchUp(t, b)
	mustDraftState(t, b, ids[0], DraftPosted)
}
