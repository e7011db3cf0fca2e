package desk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Snapshots. The desk writes its folded state to the store now and then, so
// that start-up loads the newest snapshot and replays only the events after
// it, however long the log. A snapshot is a checked copy, never the record:
// the events stay the audit trail, and a snapshot that fails any check is
// ignored (with a log line) for an older one or for the log itself. So a
// damaged or half-written snapshot can cost start-up time, never a wrong
// desk.

// snapshotVersion is the snapshot format this build writes and reads. A
// change to the state (a field added to state, Question or Draft) that the
// encoding below does not carry must bump it: older snapshots are then
// ignored and the log replayed once.
const snapshotVersion = 6

// DefaultSnapshotEvery is how many events the desk applies between
// snapshots when Options leave it zero.
const DefaultSnapshotEvery = 10000

// snapshotsKept is how many snapshots a store keeps: the newest and a
// fallback.
const snapshotsKept = 2

// Snapshot is a stored snapshot as the store keeps it: the desk checks it.
type Snapshot struct {
	Seq     int64  // the last event it covers
	Version int    // snapshotVersion of the build that wrote it
	Body    []byte // the encoded state
	Sum     []byte // snapshotSum(Seq, Version, Body, Head)
	Head    []byte // the hash of event Seq: the chain head it covers
}

// SnapshotStore is a Store that keeps snapshots beside its events.
type SnapshotStore interface {
	Store
	// PutSnapshot stores a snapshot, replacing one of the same Seq, and
	// drops all but the newest snapshotsKept.
	PutSnapshot(ctx context.Context, s Snapshot) error
	// Snapshots calls fn with the stored snapshots, newest first, until fn
	// returns false.
	Snapshots(ctx context.Context, fn func(Snapshot) bool) error
}

// snapshotSum binds a snapshot's body to the events it covers and its format.
func snapshotSum(seq int64, version int, body, chainHead []byte) []byte {
	h := sha256.New()
	var nums [16]byte
	binary.BigEndian.PutUint64(nums[:8], uint64(seq))
	binary.BigEndian.PutUint64(nums[8:], uint64(version))
	h.Write([]byte("dutydesk snapshot\x00"))
	h.Write(nums[:])
	h.Write(chainHead)
	h.Write(body)
	return h.Sum(nil)
}

// The encoded state: exported mirrors of state's fields for encoding/gob.
// The people map is not in it: the roster comes from the configuration, and
// shifts carries what events made of it.
type (
	snapState struct {
		LastSeq   int64
		Head      []byte
		Shifts    map[string]bool
		Named     []namedPerson
		Items     map[string]feeds.Item
		Known     map[string]bool
		Queue     []snapQuestion
		Index     snapIndex
		ItemOwner map[string]string
		DupIndex  map[string]string
		Feed      []string
		Reactions map[string]int
		Drafts    []snapDraft
		Duty      Duty
		ClockAt   []time.Time
		ClockOn   []bool
		ClockCum  []time.Duration
		AutoAcked map[string]bool
		// Duties and TransfersIn are per team (team.go).
		Duties      map[string]Duty
		TransfersIn map[string]int
		ByRemote    map[string]string
		Joined      map[string]string
		LastDM      map[string]string
		Told        map[string]int
		ToldLast    map[string]string
		Favourited  map[string]time.Time
		Unacked     []string
		SLAStarted  []time.Duration
		Appeals     []Appeal // by ID; since format 6
		Finished    []snapFinished
		SweptHour   time.Time
	}
	snapFinished struct {
		ID string
		At time.Time
	}
	snapQuestion struct {
		Question
		Seq          int64
		Ordinal      int
		DuplicateIDs []string
	}
	snapDraft struct {
		Draft
		Claim string
	}
	snapIndex struct {
		ByState        map[QuestionState]int
		UrgentOpen     int
		PossibleOpen   int
		Assigned       map[string]int
		UnackedTree    []int32
		UnackedVals    []int32
		UnansweredTree []int32
		UnansweredVals []int32
	}
)

// encodeState writes the state as a snapshot body.
func encodeState(s *state) ([]byte, error) {
	x := snapState{
		LastSeq: s.lastSeq, Head: s.head, Shifts: s.shifts, Named: s.named, Items: s.items, Known: s.known,
		ItemOwner: s.itemOwner, DupIndex: s.dupIndex, Feed: s.feed, Reactions: s.reactions,
		Duty: s.duty, ClockAt: s.clock.at, ClockOn: s.clock.on, ClockCum: s.clock.cum,
		AutoAcked: s.autoAcked, Duties: s.duties, TransfersIn: s.transfersIn, ByRemote: s.threads.byRemote, Joined: s.threads.joined, LastDM: s.threads.lastDM,
		Told: s.threads.told, ToldLast: s.threads.toldLast, Favourited: s.threads.favourited,
		Unacked: s.index.unacked, SLAStarted: s.index.sla.started,
		Index: snapIndex{
			ByState: s.index.byState, UrgentOpen: s.index.urgentOpen, PossibleOpen: s.index.possibleOpen, Assigned: s.index.assigned,
			UnackedTree: s.index.sla.unacked.tree, UnackedVals: s.index.sla.unacked.vals,
			UnansweredTree: s.index.sla.unanswered.tree, UnansweredVals: s.index.sla.unanswered.vals,
		},
		Queue:     make([]snapQuestion, len(s.queue)),
		Drafts:    make([]snapDraft, len(s.draftList)),
		Finished:  make([]snapFinished, len(s.finished)),
		SweptHour: s.sweptHour,
	}
	for i, f := range s.finished {
		x.Finished[i] = snapFinished{ID: f.id, At: f.at}
	}
	for i, q := range s.queue {
		x.Queue[i] = snapQuestion{Question: *q, Seq: q.seq, Ordinal: q.ordinal, DuplicateIDs: q.duplicateIDs}
	}
	for i, dr := range s.draftList {
		x.Drafts[i] = snapDraft{Draft: *dr, Claim: dr.claim}
	}
	for _, a := range s.appeals {
		x.Appeals = append(x.Appeals, *a)
	}
	sort.Slice(x.Appeals, func(i, j int) bool { return x.Appeals[i].ID < x.Appeals[j].ID })
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&x); err != nil {
		return nil, fmt.Errorf("encode snapshot at event %d: %w", s.lastSeq, err)
	}
	return b.Bytes(), nil
}

// decodeState reads a snapshot body into a new state that archives after
// window (0: never).
func decodeState(body []byte, window time.Duration) (state, error) {
	var x snapState
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&x); err != nil {
		return state{}, err
	}
	s := newStateArchiving(window)
	s.lastSeq, s.head, s.feed, s.duty = x.LastSeq, x.Head, x.Feed, x.Duty
	s.sweptHour = x.SweptHour
	if len(x.Finished) > 0 {
		s.finished = make([]finishedQuestion, len(x.Finished))
		for i, f := range x.Finished {
			s.finished[i] = finishedQuestion{id: f.ID, at: f.At}
		}
	}
	s.clock = dutyClock{at: x.ClockAt, on: x.ClockOn, cum: x.ClockCum}
	fill(&s.shifts, x.Shifts)
	s.named = x.Named
	fill(&s.items, x.Items)
	fill(&s.known, x.Known)
	fill(&s.itemOwner, x.ItemOwner)
	fill(&s.dupIndex, x.DupIndex)
	fill(&s.reactions, x.Reactions)
	fill(&s.autoAcked, x.AutoAcked)
	fill(&s.duties, x.Duties)
	fill(&s.transfersIn, x.TransfersIn)
	s.threads.init()
	fill(&s.threads.byRemote, x.ByRemote)
	fill(&s.threads.joined, x.Joined)
	fill(&s.threads.lastDM, x.LastDM)
	fill(&s.threads.told, x.Told)
	fill(&s.threads.toldLast, x.ToldLast)
	fill(&s.threads.favourited, x.Favourited)
	fill(&s.index.byState, x.Index.ByState)
	fill(&s.index.assigned, x.Index.Assigned)
	s.index.urgentOpen, s.index.possibleOpen, s.index.unacked = x.Index.UrgentOpen, x.Index.PossibleOpen, x.Unacked
	s.index.sla.started = x.SLAStarted
	s.index.sla.unacked = fenwick{tree: x.Index.UnackedTree, vals: x.Index.UnackedVals}
	s.index.sla.unanswered = fenwick{tree: x.Index.UnansweredTree, vals: x.Index.UnansweredVals}
	s.queue = make([]*Question, len(x.Queue))
	s.questions = make(map[string]*Question, len(x.Queue))
	for i, sq := range x.Queue {
		q := sq.Question
		q.seq, q.ordinal, q.duplicateIDs, q.folded = sq.Seq, sq.Ordinal, sq.DuplicateIDs, fold(q.Item)
		s.queue[i] = &q
		if _, dup := s.questions[q.ID]; dup {
			return state{}, fmt.Errorf("question %s is in the snapshot twice", q.ID)
		}
		s.questions[q.ID] = &q
	}
	s.draftList = make([]*Draft, len(x.Drafts))
	for i, sd := range x.Drafts {
		dr := sd.Draft
		dr.claim = sd.Claim
		s.draftList[i] = &dr
		s.drafts[dr.ID] = &dr
	}
	for _, a := range x.Appeals {
		a := a
		s.appeals[a.ID] = &a
	}
	s.countTeams()
	return s, nil
}

// fill sets *dst to src, or leaves the empty map it has when src is nil.
func fill[K comparable, V any](dst *map[K]V, src map[K]V) {
	if src != nil {
		*dst = src
	}
}

// checkSnapshot decodes a stored snapshot if it passes every check: its
// format, its sum, the events it says it covers (the store must hold that
// many), and its body.
func checkSnapshot(sn Snapshot, lastStored int64, window time.Duration) (state, error) {
	switch {
	case sn.Version != snapshotVersion:
		return state{}, fmt.Errorf("format %d, this build reads %d", sn.Version, snapshotVersion)
	case !bytes.Equal(sn.Sum, snapshotSum(sn.Seq, sn.Version, sn.Body, sn.Head)):
		return state{}, errors.New("its checksum does not match its contents")
	case sn.Seq > lastStored:
		return state{}, fmt.Errorf("it covers events up to %d but the store ends at %d", sn.Seq, lastStored)
	}
	s, err := decodeState(sn.Body, window)
	if err != nil {
		return state{}, fmt.Errorf("cannot decode it: %w", err)
	}
	if s.lastSeq != sn.Seq {
		return state{}, fmt.Errorf("it holds the desk at event %d, not %d", s.lastSeq, sn.Seq)
	}
	if !bytes.Equal(s.head, sn.Head) {
		return state{}, errors.New("the chain head it records is not the one it holds")
	}
	return s, nil
}

// loadSnapshot returns the state of the newest snapshot that passes its
// checks, logging each one that does not; ok is false if none does.
func loadSnapshot(ctx context.Context, st SnapshotStore, lastStored int64, window time.Duration, logf func(string, ...any)) (s state, ok bool, err error) {
	err = st.Snapshots(ctx, func(sn Snapshot) bool {
		got, cerr := checkSnapshot(sn, lastStored, window)
		if cerr != nil {
			logf("dutydesk: ignoring the snapshot at event %d (%v); using an older one or the event log", sn.Seq, cerr)
			return true
		}
		s, ok = got, true
		return false
	})
	if err != nil {
		return state{}, false, fmt.Errorf("read snapshots: %w", err)
	}
	return s, ok, nil
}

// foldStore folds the store's events into a new state, starting from its
// newest valid snapshot: what Open does, without the service around it.
// What finished longer than window ago leaves the state (0: nothing).
func foldStore(ctx context.Context, st Store, window time.Duration, logf func(string, ...any)) (state, error) {
	s := newStateArchiving(window)
	if ss, ok := st.(SnapshotStore); ok {
		last, err := lastStoredSeq(ctx, st)
		if err != nil {
			return state{}, err
		}
		if got, ok, err := loadSnapshot(ctx, ss, last, window, logf); err != nil {
			return state{}, err
		} else if ok {
			s = got
		}
	}
	err := st.Replay(ctx, s.lastSeq, func(ev Event) error {
		if err := s.apply(ev); err != nil {
			return err
		}
		s.lastSeq = ev.Seq
		return nil
	})
	return s, err
}

// lastStoredSeq asks the store for its newest event's sequence number.
func lastStoredSeq(ctx context.Context, st Store) (int64, error) {
	sized, ok := st.(interface {
		LastSeq(context.Context) (int64, error)
	})
	if !ok {
		return 0, errors.New("the store cannot say how many events it holds")
	}
	return sized.LastSeq(ctx)
}

// WriteSnapshot folds the store (from its newest snapshot and the events
// after it) and stores a snapshot of the result, archiving after the
// default window. It works on its own copy of the state, read from the
// store, so the desk it runs beside never waits for it; it returns the
// sequence number the new snapshot covers.
func WriteSnapshot(ctx context.Context, st SnapshotStore, logf func(string, ...any)) (int64, error) {
	return writeSnapshot(ctx, st, DefaultArchiveAfter, logf)
}

// writeSnapshot is WriteSnapshot for a desk that archives after window.
func writeSnapshot(ctx context.Context, st SnapshotStore, window time.Duration, logf func(string, ...any)) (int64, error) {
	s, err := foldStore(ctx, st, window, logf)
	if err != nil {
		return 0, fmt.Errorf("snapshot: %w", err)
	}
	if s.lastSeq == 0 {
		return 0, nil
	}
	body, err := encodeState(&s)
	if err != nil {
		return 0, err
	}
	sn := Snapshot{Seq: s.lastSeq, Version: snapshotVersion, Body: body, Head: s.head, Sum: snapshotSum(s.lastSeq, snapshotVersion, body, s.head)}
	if err := st.PutSnapshot(ctx, sn); err != nil {
		return 0, fmt.Errorf("store snapshot at event %d: %w", s.lastSeq, err)
	}
	return s.lastSeq, nil
}

// snapshotter runs at most one background snapshot at a time.
type snapshotter struct {
	seq     int64 // the newest snapshot this desk loaded or wrote
	running bool
	done    sync.WaitGroup
}

// maybeSnapshot starts a background snapshot once SnapshotEvery events have
// been applied since the last one. The caller holds d.mu.
func (d *Desk) maybeSnapshot() {
	every := d.opts.SnapshotEvery
	if every == 0 {
		every = DefaultSnapshotEvery
	}
	ss, ok := d.store.(SnapshotStore)
	if !ok || every < 0 || d.snaps.running || d.lastSeq-d.snaps.seq < int64(every) {
		return
	}
	if !d.life.start() {
		return // shut down: the store may be closing
	}
	d.snaps.running = true
	d.snaps.done.Add(1)
	window := d.archiveAfter
	go func() {
		defer d.life.done()
		defer d.snaps.done.Done()
		if ix, ok := ss.(Indexer); ok {
			// Search's index follows the log here, off every key's path.
			if err := ix.Index(d.life.ctx); err != nil {
				d.logf("dutydesk: %v (search indexes the rest when next asked)", err)
			}
		}
		seq, err := writeSnapshot(d.life.ctx, ss, window, d.logf)
		d.mu.Lock()
		defer d.mu.Unlock()
		d.snaps.running = false
		if err != nil {
			d.logf("dutydesk: %v (the desk goes on; start-up replays more events until a snapshot is written)", err)
			// Try again after as many events again, not at every event.
			d.snaps.seq = d.lastSeq
			return
		}
		d.snaps.seq = seq
	}()
}

// WaitSnapshot returns once no background snapshot is being written.
func (d *Desk) WaitSnapshot() { d.snaps.done.Wait() }

func (d *Desk) logf(format string, args ...any) {
	if d.opts.Logf != nil {
		d.opts.Logf(format, args...)
		return
	}
	log.Printf(format, args...)
}
