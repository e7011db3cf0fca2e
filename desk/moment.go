package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The desk at a moment. A desk opened with OpenAt, or a live desk's At,
// shows the state as it was just after one event: replayed from the newest
// snapshot at or before it (or from the start) and no further. It is
// read-only: every command is refused by the desk itself, whatever console
// gives it, and nothing is written to the store.

// Moment names a point in the desk's history: just after an event, given by
// its sequence number, or at a time, which means just after the last event
// stored at or before it.
type Moment struct {
	Seq  int64     // > 0: just after this event
	Time time.Time // when Seq is 0: the last event at or before this time
}

// MomentForms lists what ParseMoment reads, for help and error messages.
const MomentForms = `"2026-12-03 21:14" (local time), "21:14" (today), RFC 3339 such as 2026-12-03T21:14:00Z, or an event number such as #1234`

// ParseMoment reads a moment as people type it: a date and time
// ("2026-12-03 21:14", seconds optional, or with a T), a date alone (its
// midnight), a time of day alone
// (today, as of now), RFC 3339, or "#1234" for just after event 1234. Times
// without a zone are read in loc.
func ParseMoment(s string, now time.Time, loc *time.Location) (Moment, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "#"); ok {
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n <= 0 {
			return Moment{}, fmt.Errorf("%q: an event number is # and a whole number above 0, such as #1234", s)
		}
		return Moment{Seq: n}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Moment{Time: t}, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return Moment{Time: t}, nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			y, m, d := now.In(loc).Date()
			return Moment{Time: time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), 0, loc)}, nil
		}
	}
	return Moment{}, fmt.Errorf("cannot read %q as a moment: give %s", s, MomentForms)
}

// String is the moment as ParseMoment reads it back.
func (m Moment) String() string {
	if m.Seq > 0 {
		return fmt.Sprintf("#%d", m.Seq)
	}
	return m.Time.Format(time.RFC3339)
}

// ErrReadOnly is what errors.Is matches in a ReadOnlyError.
var ErrReadOnly = errors.New("read-only")

// ReadOnlyError refuses a command given to a desk viewing the past.
type ReadOnlyError struct {
	Viewing string // the moment as the header shows it, "21:14"
}

func (e *ReadOnlyError) Error() string { return "read-only: viewing " + e.Viewing }

// Is lets errors.Is(err, ErrReadOnly) match a *ReadOnlyError.
func (e *ReadOnlyError) Is(target error) bool { return target == ErrReadOnly }

// Past says where a desk opened at a moment stands.
type Past struct {
	Asked Moment    // the moment asked for
	Seq   int64     // the last event applied; 0 before the first
	Last  int64     // the store's last event when the desk was opened
	At    time.Time // the moment shown: the time asked, or the event's own time
	Event Event     // event Seq (zero before the first)
	// Words is event Seq in words, with its time (words.go).
	Words string
}

// Label is the moment as a person reads it in "read-only: viewing 21:14":
// the time of day, with seconds when it has them.
func (p Past) Label() string {
	t := p.At.Local()
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}

// Viewing reports where the desk stands if it was opened at a moment.
func (d *Desk) Viewing() (Past, bool) {
	if d.past == nil {
		return Past{}, false
	}
	return *d.past, true
}

// ReadOnly is the refusal a desk viewing the past gives every command; nil
// for a live desk. Consoles ask it first, so as not to open a form for
// nothing.
func (d *Desk) ReadOnly() error {
	if d.past == nil {
		return nil
	}
	return &ReadOnlyError{Viewing: d.past.Label()}
}

// OpenAt opens a read-only desk on st as it was at m: the newest snapshot
// at or before m, and the events after it up to m. Nothing runs in the
// background and nothing is written to st; closing st stays the caller's.
// A moment after the last event shows the desk as it is now, still
// read-only; one before the first shows the empty desk.
func OpenAt(ctx context.Context, st Store, opts Options, m Moment) (*Desk, error) {
	last, err := lastStoredSeq(ctx, st)
	if err != nil {
		return nil, err
	}
	if m.Seq > last {
		return nil, fmt.Errorf("there is no event #%d: the store ends at #%d", m.Seq, last)
	}
	ps := &pastStore{st: st, m: m, last: last}
	opts.Poster = nil
	opts.SnapshotEvery = -1
	d, err := Open(ctx, ps, opts)
	if err != nil {
		return nil, err
	}
	p := &Past{Asked: m, Seq: d.lastSeq, Last: last, At: m.Time}
	if d.lastSeq > 0 {
		if ps.lastEv.Seq == d.lastSeq {
			p.Event = ps.lastEv
		} else if p.Event, err = eventAt(ctx, st, d.lastSeq); err != nil {
			return nil, err
		}
		p.Words = d.EventWords(p.Event)
	}
	if m.Seq > 0 {
		p.At = p.Event.At
	}
	at := p.At
	d.opts.Now = func() time.Time { return at }
	d.past = p
	return d, nil
}

// At opens a read-only desk on this desk's store as it was at m (OpenAt),
// with the same team, roster, checks and targets.
func (d *Desk) At(ctx context.Context, m Moment) (*Desk, error) {
	st := d.store
	if ps, ok := st.(*pastStore); ok {
		st = ps.st
	}
	return OpenAt(ctx, st, d.opts, m)
}

// eventAt reads one stored event.
func eventAt(ctx context.Context, st Store, seq int64) (Event, error) {
	var got Event
	err := st.Replay(ctx, seq-1, func(ev Event) error {
		got = ev
		return errStopReplay
	})
	if err != nil && !errors.Is(err, errStopReplay) {
		return Event{}, fmt.Errorf("read event #%d: %w", seq, err)
	}
	if got.Seq != seq {
		return Event{}, fmt.Errorf("read event #%d: the store has no such event", seq)
	}
	return got, nil
}

// errStopReplay ends a Replay early; it never leaves this file.
var errStopReplay = errors.New("stop replay")

// pastStore is a store seen as it was at a moment: it replays no event
// after the moment, offers only the snapshots at or before it, and refuses
// every write.
type pastStore struct {
	st     Store
	m      Moment
	last   int64 // the store's last event when opened
	lastEv Event // the last event Replay passed on
}

// after reports whether ev is past the moment.
func (p *pastStore) after(ev Event) bool {
	if p.m.Seq > 0 {
		return ev.Seq > p.m.Seq
	}
	return ev.At.After(p.m.Time)
}

func (p *pastStore) Append(context.Context, int64, []Event) ([]Event, error) {
	return nil, &ReadOnlyError{Viewing: p.m.String()}
}

func (p *pastStore) Replay(ctx context.Context, after int64, fn func(Event) error) error {
	err := p.st.Replay(ctx, after, func(ev Event) error {
		if p.after(ev) {
			return errStopReplay
		}
		if err := fn(ev); err != nil {
			return err
		}
		p.lastEv = ev
		return nil
	})
	if errors.Is(err, errStopReplay) {
		return nil
	}
	return err
}

func (p *pastStore) Close() error { return nil }

// LastSeq is the store's as it was opened, or the moment's event if that is
// earlier: it bounds the snapshots checked and sizes the replay.
func (p *pastStore) LastSeq(context.Context) (int64, error) {
	if p.m.Seq > 0 && p.m.Seq < p.last {
		return p.m.Seq, nil
	}
	return p.last, nil
}

func (p *pastStore) PutSnapshot(context.Context, Snapshot) error {
	return &ReadOnlyError{Viewing: p.m.String()}
}

// Snapshots offers the store's snapshots that end at or before the moment.
func (p *pastStore) Snapshots(ctx context.Context, fn func(Snapshot) bool) error {
	ss, ok := p.st.(SnapshotStore)
	if !ok {
		return nil
	}
	var ends []Snapshot
	err := ss.Snapshots(ctx, func(sn Snapshot) bool {
		ends = append(ends, sn)
		return true
	})
	if err != nil {
		return err
	}
	for _, sn := range ends {
		if sn.Seq > p.last {
			continue // checkSnapshot says why, and the log is used
		}
		ev, err := eventAt(ctx, p.st, sn.Seq)
		if err != nil {
			return err
		}
		if p.after(ev) {
			continue
		}
		if !fn(sn) {
			return nil
		}
	}
	return nil
}

// TimeOf is the time a moment stands for: its own, or its event's.
func (d *Desk) TimeOf(ctx context.Context, m Moment) (time.Time, error) {
	st := d.store
	if ps, ok := st.(*pastStore); ok {
		st = ps.st
	}
	return MomentTime(ctx, st, m)
}

// MomentTime is the time a moment stands for in the log in st: its own, or
// its event's.
func MomentTime(ctx context.Context, st Store, m Moment) (time.Time, error) {
	if m.Seq == 0 {
		return m.Time, nil
	}
	ev, err := eventAt(ctx, st, m.Seq)
	if err != nil {
		return time.Time{}, err
	}
	return ev.At, nil
}
