package feeds

import (
	"context"
	"fmt"
	"time"
)

// Leader elects one holder per name among the processes sharing a store:
// Lead waits until this process holds name (or ctx ends), and lost is closed
// when it no longer does. The desk's shared store is one.
type Leader interface {
	Lead(ctx context.Context, name string) (lost <-chan struct{}, err error)
}

// Led wraps every source in leadership when the store is shared (leader is
// not nil); alone on its store, this host runs them all directly.
func Led(leader Leader, sources []Source) []Source {
	if leader == nil {
		return sources
	}
	out := make([]Source, len(sources))
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
	src    Source
	leader Leader
}

func (s *ledSource) Name() string { return s.src.Name() }

// Run competes for the source and runs it while leading, until ctx ends.
// It returns ctx.Err(), or the source's own error if it cannot recover (a
// refused token), after giving up leadership so another host may try.
func (s *ledSource) Run(ctx context.Context, out chan<- Event) error {
	name := s.src.Name()
	health := func(msg string, err error) {
		select {
		case out <- Event{Type: EventHealth, Item: Item{Source: name}, Health: msg, Err: err}:
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
func (s *ledSource) lead(ctx context.Context, lost <-chan struct{}, out chan<- Event) error {
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
