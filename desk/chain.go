package desk

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
)

// The hash chain. Every stored event carries the SHA-256 of the event before
// it and of its own canonical encoding (chainHash), so the log proves itself:
// an event changed, removed or inserted after it was stored breaks the chain
// there, and Verify names it. The head (the last event's hash) is recorded in
// snapshots and in every export, so that a log rewritten from some point on,
// hashes and all, still disagrees with what was handed out before.

// ChainHashSize is the length of an event's hash.
const ChainHashSize = sha256.Size

// genesis is the hash before the first event.
var genesis = make([]byte, ChainHashSize)

// chainer computes chain hashes without allocating a hasher per event.
type chainer struct {
	h   hash.Hash
	buf []byte
}

func newChainer() *chainer { return &chainer{h: sha256.New()} }

// hash is SHA-256 over the previous hash and the event's canonical
// encoding: its sequence number, type, actor, time in Unix nanoseconds and
// payload bytes, each string preceded by its length, so that no two
// different events encode alike.
func (c *chainer) hash(prev []byte, ev Event) []byte {
	b := c.buf[:0]
	b = append(b, "dutydesk event\x00"...)
	b = append(b, prev...)
	b = binary.BigEndian.AppendUint64(b, uint64(ev.Seq))
	b = binary.BigEndian.AppendUint32(b, uint32(len(ev.Type)))
	b = append(b, ev.Type...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(ev.Actor)))
	b = append(b, ev.Actor...)
	b = binary.BigEndian.AppendUint64(b, uint64(ev.At.UnixNano()))
	b = binary.BigEndian.AppendUint32(b, uint32(len(ev.Payload)))
	b = append(b, ev.Payload...)
	c.buf = b
	c.h.Reset()
	c.h.Write(b)
	return c.h.Sum(nil)
}

// chainHash is the hash an event gets after prev.
func chainHash(prev []byte, ev Event) []byte { return newChainer().hash(prev, ev) }

// Tampering says how a log fails its chain.
type Tampering struct {
	Seq  int64  // the first event that fails
	What string // "changed", "removed" or "inserted"
	// Detail says what was found, for the person reading the report.
	Detail string
}

func (t *Tampering) Error() string {
	return fmt.Sprintf("event %d was %s: %s", t.Seq, t.What, t.Detail)
}

// VerifyResult is an intact chain.
type VerifyResult struct {
	Events int64  // how many events were checked
	Last   int64  // the last event's sequence number
	Head   []byte // the last event's hash: the chain head
}

// HeadHex is the chain head as hex, as exports and reports print it.
func (r VerifyResult) HeadHex() string { return hex.EncodeToString(r.Head) }

// ChainStore is a Store that can say how far its numbering went, beyond
// the events it still holds, and which chain heads its snapshots recorded.
type ChainStore interface {
	Store
	// Numbered is the highest sequence number the store ever gave an event.
	Numbered(ctx context.Context) (int64, error)
}

// Verify walks the whole log, recomputing the chain. It returns a
// *Tampering error naming the first event changed, removed or inserted, or
// the intact chain's head.
func Verify(ctx context.Context, st Store) (VerifyResult, error) {
	var (
		res     VerifyResult
		prev    = genesis
		pending *Event // an event that fails, decided on seeing the next
		bad     *Tampering
		c       = newChainer()
	)
	// The chain heads snapshots recorded: a log rewritten, hashes and all,
	// from before one of them on no longer gives it.
	heads := map[int64][]byte{}
	ss, hasSnaps := st.(SnapshotStore)
	if hasSnaps {
		if err := ss.Snapshots(ctx, func(sn Snapshot) bool {
			if len(sn.Head) > 0 {
				heads[sn.Seq] = sn.Head
			}
			return true
		}); err != nil {
			return res, fmt.Errorf("verify: %w", err)
		}
	}
	errStop := errors.New("stop")
	err := st.Replay(ctx, 0, func(ev Event) error {
		if pending != nil {
			// Was the failing event put in, the events after it numbered
			// on? Then this one chains from the event before it, under the
			// number the inserted one took.
			moved := ev
			moved.Seq = pending.Seq
			if string(c.hash(prev, moved)) == string(ev.Hash) {
				bad = &Tampering{Seq: pending.Seq, What: "inserted", Detail: "it is not in the chain, and the events after it were numbered on to make room"}
			} else {
				bad = &Tampering{Seq: pending.Seq, What: "changed", Detail: "its contents no longer give the hash stored with it"}
			}
			return errStop
		}
		if want := res.Last + 1; ev.Seq != want {
			bad = &Tampering{Seq: want, What: "removed", Detail: fmt.Sprintf("the log goes from event %d to event %d", res.Last, ev.Seq)}
			if res.Last == 0 {
				bad.Detail = fmt.Sprintf("the log starts at event %d", ev.Seq)
			}
			return errStop
		}
		if string(c.hash(prev, ev)) != string(ev.Hash) {
			e := ev
			pending = &e
			return nil
		}
		if h, ok := heads[ev.Seq]; ok && string(h) != string(ev.Hash) {
			bad = &Tampering{Seq: ev.Seq, What: "changed", Detail: "the log up to here was rewritten: a snapshot recorded another chain head at this event"}
			return errStop
		}
		prev, res.Last = ev.Hash, ev.Seq
		res.Events++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return res, fmt.Errorf("verify: %w", err)
	}
	if bad != nil {
		return res, bad
	}
	if pending != nil {
		return res, &Tampering{Seq: pending.Seq, What: "changed", Detail: "its contents no longer give the hash stored with it"}
	}
	if cs, ok := st.(ChainStore); ok {
		n, err := cs.Numbered(ctx)
		if err != nil {
			return res, fmt.Errorf("verify: %w", err)
		}
		if n > res.Last {
			return res, &Tampering{Seq: res.Last + 1, What: "removed", Detail: fmt.Sprintf("the store numbered events up to %d but the log ends at %d", n, res.Last)}
		}
	}
	for seq := range heads {
		if seq > res.Last {
			return res, &Tampering{Seq: res.Last + 1, What: "removed", Detail: fmt.Sprintf("a snapshot covers events up to %d but the log ends at %d", seq, res.Last)}
		}
	}
	res.Head = prev
	return res, nil
}

// eventRows are the rows of a stored-event query, as database/sql and pgx
// both give them.
type eventRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// readEvents scans every row of a stored-event query, for the upgrades
// that hash or index the events they read before they write.
func readEvents(rows eventRows) ([]Event, error) {
	var evs []Event
	for rows.Next() {
		ev, err := scanEvent(rows.Scan, false)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, rows.Err()
}

// hashInOrder chains evs from the genesis hash, in order, and hands each
// event's hash to store: how an older store gets its chain.
func hashInOrder(evs []Event, store func(seq int64, hash []byte) error) error {
	prev, c := genesis, newChainer()
	for _, ev := range evs {
		prev = c.hash(prev, ev)
		if err := store(ev.Seq, prev); err != nil {
			return err
		}
	}
	return nil
}
