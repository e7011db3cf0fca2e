// Package desk holds the state of one team's desk: questions, drafts, duty,
// the roster and the events that change them. Every change is a command,
// checked against the state machine and the actor's role, stored as an event
// and only then applied and published. One Desk is shared by every console.
package desk

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// Errors a command returns; wrap-checked with errors.Is. The wrapping message
// is written for the person at the keyboard.
var (
	ErrNotAllowed = errors.New("not allowed")
	ErrIllegal    = errors.New("cannot do that now")
	ErrNotFound   = errors.New("not found")
)

// ClaimedError says that someone else holds a question: has it open to
// reply, or (Draft set) has a reply draft to it waiting.
type ClaimedError struct{ By, Name, Draft string }

func (e *ClaimedError) Error() string {
	if e.Draft != "" {
		return fmt.Sprintf("%s has a reply to this question waiting", e.Name)
	}
	return fmt.Sprintf("%s is answering this question", e.Name)
}

// Options configure a desk.
type Options struct {
	// Team is the team's name; with Teams, the desk's.
	Team string
	// Teams are the teams sharing the desk, the default team first
	// (team.go); none: one team, named Team, with the broadcast and reply
	// options below.
	Teams  []Team
	People []Person
	// Check runs the risk check on drafts; nil passes everything.
	Check Checker
	// CheckAppeal runs the risk check on an appeal's post, which may name
	// the person it appeals about (risk.Checker.CheckAppeal); nil: Check.
	CheckAppeal Checker
	// Urgency classifies an inbound text: its level (urgent, possible, crime
	// report, routine), the reason and the signals that decided it; nil:
	// everything is routine.
	Urgency func(text string) risk.Urgency
	// Poster sends approved drafts out; nil keeps them approved but unposted.
	Poster feeds.Poster
	// Broadcast renders the on/off-duty announcement; nil: a plain default.
	Broadcast func(a Announcement) string
	// BroadcastAccount names the account duty broadcasts leave from, as the
	// preview shows it ("team (@team3@police.example)"); "": "the team account".
	BroadcastAccount string
	// BroadcastVisibility is who sees duty broadcasts; "": public.
	BroadcastVisibility feeds.Visibility
	// TeamHandles are the handles of the team's own accounts
	// ("@team3@police.example"), whose mentions opening a question the
	// consoles leave out; nil: none known.
	TeamHandles []string
	// AutoReply renders the off-duty acknowledgement sent once per person per
	// off-duty period; nil: none is sent.
	AutoReply func(a Announcement) string
	// UrgentReply renders the emergency advice sent off duty to each urgent
	// or possible arrival (advice.go); nil or "": DefaultUrgentReply.
	UrgentReply func(a Announcement) string
	// AutoReplyPerMinute caps auto-acknowledgements drafted in any minute;
	// 0: 30.
	AutoReplyPerMinute int
	// AcknowledgeWithin and AnswerWithin are the SLA targets, measured on
	// the duty clock; 0: an hour and 24 hours.
	AcknowledgeWithin, AnswerWithin time.Duration
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Host names this host among those sharing a PostgreSQL store; it is
	// stored with every post this desk claims, so that after a restart the
	// host resumes its own posts at once. "": the machine's hostname.
	Host string
	// PostLease is how long another host's claim on a post stands before
	// this host may resume the post (shared store only); 0: DefaultPostLease.
	PostLease time.Duration
	// Reply tells a thank-you from a follow-up in a message from the author
	// of an answered question (risk.ClassifyReply); nil: every message is a
	// follow-up and reopens the question.
	Reply func(text string) (thanks bool, reason string)
	// Asks tells whether a remark in a question's thread asks something
	// (risk.Asks), which makes it a question of its own; nil: a "?".
	Asks func(text string) bool
	// ReopenWithin is how long after a direct-message question was answered
	// another direct message from its author joins it; 0: DefaultReopenWithin.
	ReopenWithin time.Duration
	// SnapshotEvery is how many events the desk applies between the
	// snapshots it writes in the background (snapshot.go); 0:
	// DefaultSnapshotEvery; below 0: none.
	SnapshotEvery int
	// ArchiveAfter is how long a closed or dismissed question stays on the
	// desk before it leaves memory for the store (archive.go); 0:
	// DefaultArchiveAfter; below 0: never.
	ArchiveAfter time.Duration
	// Logf logs what nobody at a console needs to act on, such as a
	// damaged snapshot passed over; nil: the standard logger.
	Logf func(format string, args ...any)
	// Replies are the team's saved replies (replies.go), and RefAdvice the
	// text of their {ref_advice}; "": DefaultRefAdvice.
	Replies   []SavedReply
	RefAdvice string
	// StoreTimeout bounds one store round trip: a change the store has not
	// taken by then is given up as not saved (storefault.go); 0:
	// DefaultStoreTimeout.
	StoreTimeout time.Duration
}

// Desk is one team's shared desk: the state folded from its events, and the
// service around it — the store, the consoles waiting for changes, feed
// health, presence and posting.
type Desk struct {
	opts  Options
	store Store

	// turn is this process's one writer at a time (lock, storefault.go):
	// held across a store round trip, unlike mu, which readers wait on.
	turn chan struct{}
	mu   sync.RWMutex
	state
	storeDown bool                  // the "store" health is a fault a working round trip clears
	missed    []Event               // other processes' events a conflicted commit caught up with
	health    map[string]string     // feed name → condition, not stored
	subs      map[int]chan struct{} // consoles waiting for a change signal
	nextSub   int
	presence  map[string]int  // person ID → open sessions, not stored
	acks      autoAckQueue    // auto-acknowledgements being sent
	broken    error           // set if a stored event could not be applied
	claimID   string          // this desk process, in the posts it claims
	inFlight  map[string]bool // draft IDs this process is posting now
	snaps     snapshotter     // the background snapshot writer
	life      lifetime        // background work, ended by Shutdown
	// teams (team.go): the index of each team in opts.Teams, the team of
	// each account, and whether the desk is one implicit team.
	teamIdx      map[string]int
	accountTeam  map[string]string
	implicitTeam bool
	past         *Past // set when opened at a moment: read-only (moment.go)
}

// Open replays the store into a new desk.
func Open(ctx context.Context, store Store, opts Options) (*Desk, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AcknowledgeWithin <= 0 {
		opts.AcknowledgeWithin = DefaultAcknowledgeWithin
	}
	if opts.AnswerWithin <= 0 {
		opts.AnswerWithin = DefaultAnswerWithin
	}
	d := &Desk{
		opts:     opts,
		store:    store,
		state:    newStateArchiving(opts.archiveWindow()),
		health:   map[string]string{},
		subs:     map[int]chan struct{}{},
		presence: map[string]int{},
		claimID:  newClaimID(),
		inFlight: map[string]bool{},
		turn:     make(chan struct{}, 1),
	}
	d.life.init()
	if d.opts.Host == "" {
		d.opts.Host = defaultHost()
	}
	if d.opts.PostLease <= 0 {
		d.opts.PostLease = DefaultPostLease
	}
	if err := d.initTeams(); err != nil {
		return nil, err
	}
	for _, p := range opts.People {
		p := p
		if p.Role != RoleSupervisor && p.Role != RoleOfficer {
			return nil, fmt.Errorf("person %q: role must be supervisor or officer, not %q", p.ID, p.Role)
		}
		if _, dup := d.people[p.ID]; dup {
			return nil, fmt.Errorf("person %q is listed twice", p.ID)
		}
		d.people[p.ID] = &p
		d.order = append(d.order, p.ID)
	}
	if err := d.replay(ctx); err != nil {
		return nil, fmt.Errorf("rebuild desk from store: %w", err)
	}
	d.adoptStoredRoster()
	return d, nil
}

// Team is the team's name.
func (d *Desk) Team() string { return d.opts.Team }

// TeamHandles are the handles of the team's own accounts, as configured.
func (d *Desk) TeamHandles() []string { return d.opts.TeamHandles }

// Now is the desk's clock.
func (d *Desk) Now() time.Time { return d.opts.Now() }

// LastSeq is the sequence number of the last applied event.
func (d *Desk) LastSeq() int64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.lastSeq
}

// commit stores events, then applies and publishes them. The caller holds
// its turn and d.mu (lock); d.mu is let go for the store's round trip.
func (d *Desk) commit(ctx context.Context, evs ...Event) error {
	if err := d.ReadOnly(); err != nil {
		return err
	}
	if d.broken != nil {
		return d.broken
	}
	after := d.lastSeq
	var stored []Event
	err := d.roundTrip(ctx, len(evs), func(ctx context.Context) (err error) {
		stored, err = d.store.Append(ctx, after, evs)
		return err
	})
	if errors.Is(err, ErrConflict) {
		missed, cerr := d.catchUp(ctx)
		d.missed = append(d.missed, missed...)
		if cerr != nil {
			return cerr // not saved, and the reason is the store's
		}
		d.notify()
		return err
	}
	if err != nil {
		return err
	}
	for _, ev := range stored {
		if err := d.apply(ev); err != nil {
			// Stored but not applied: the desk no longer matches its store,
			// and every later command would be decided on a wrong state.
			d.broken = fmt.Errorf("the desk stopped taking changes (restart dutydesk; the store is intact): %w", err)
			d.health["store"] = d.broken.Error()
			d.notify()
			return d.broken
		}
		d.lastSeq = ev.Seq
	}
	d.notify()
	d.maybeSnapshot()
	return nil
}

// replay rebuilds the state at start. It sizes the maps for the events to
// come and lets the heap grow between collections while it loads, since
// everything it allocates stays: collecting half-way finds nothing to free.
func (d *Desk) replay(ctx context.Context) error {
	last, err := lastStoredSeq(ctx, d.store)
	if ss, ok := d.store.(SnapshotStore); ok && err == nil && last > 0 {
		s, ok, err := loadSnapshot(ctx, ss, last, d.archiveAfter, d.logf)
		if err != nil {
			return err
		}
		if ok {
			s.people, s.order = d.people, d.order
			for id, on := range s.shifts {
				if p, ok := s.people[id]; ok {
					p.OnShift = on
				}
			}
			s.setTeams(d.opts.Teams)
			if _, ok := s.duties[s.defaultTeam]; !ok && !s.duty.At.IsZero() {
				s.duties[s.defaultTeam] = s.duty // a snapshot from before teams
			}
			s.recountTeams()
			d.state = s
			d.snaps.seq = s.lastSeq
			last -= s.lastSeq // the events still to apply
		}
	}
	if err == nil && last > 0 && d.lastSeq == 0 {
		// Sized for the events to come, up to what a working set holds:
		// archived questions leave, so a long log needs no more.
		n := min(last, replaySizeHint)
		d.items = make(map[string]feeds.Item, n)
		d.known = make(map[string]bool, n)
		d.questions = make(map[string]*Question, n)
		d.itemOwner = make(map[string]string, n)
		d.dupIndex = make(map[string]string, n)
		d.queue = make([]*Question, 0, n)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	// Nobody reads the desk yet: events are applied as they are read.
	return d.store.Replay(ctx, d.lastSeq, func(ev Event) error {
		if err := d.apply(ev); err != nil {
			return err
		}
		d.lastSeq = ev.Seq
		return nil
	})
}

// replaySizeHint bounds how far replay presizes the desk's tables.
const replaySizeHint = 1 << 17

// archiveWindow is ArchiveAfter with its default, 0 for never.
func (o Options) archiveWindow() time.Duration {
	switch {
	case o.ArchiveAfter == 0:
		return DefaultArchiveAfter
	case o.ArchiveAfter < 0:
		return 0
	}
	return o.ArchiveAfter
}

// catchUp applies events other processes stored since lastSeq and returns
// them. The caller holds its turn and d.mu; d.mu is let go while the events
// are read, and they are applied once all are in.
func (d *Desk) catchUp(ctx context.Context) ([]Event, error) {
	after := d.lastSeq
	var evs []Event
	err := d.roundTrip(ctx, 0, func(ctx context.Context) error {
		evs = evs[:0]
		return d.store.Replay(ctx, after, func(ev Event) error {
			evs = append(evs, ev)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for i, ev := range evs {
		if err := d.apply(ev); err != nil {
			return evs[:i], err
		}
		d.lastSeq = ev.Seq
	}
	return evs, nil
}

// CatchUp applies events that other processes stored (a shared PostgreSQL
// store, or an SQLite file other processes write); the followers of such a
// store call it when notified.
func (d *Desk) CatchUp(ctx context.Context) error {
	if err := d.lock(ctx); err != nil {
		return err
	}
	defer d.unlock()
	before := d.lastSeq
	if _, err := d.catchUp(ctx); err != nil {
		return err
	}
	if d.lastSeq != before {
		d.notify()
	}
	return nil
}

// event builds an event stamped now. The caller holds d.mu.
func (d *Desk) event(t EventType, actor string, payload any) (Event, error) {
	return newEvent(t, actor, d.opts.Now().UTC(), payload)
}

// record builds one event and commits it. The caller holds d.mu.
func (d *Desk) record(ctx context.Context, t EventType, actor string, payload any) error {
	ev, err := d.event(t, actor, payload)
	if err != nil {
		return err
	}
	return d.commit(ctx, ev)
}

// Subscribe returns a channel that receives a signal after every change.
// Signals coalesce: a slow reader gets one signal for many changes and reads
// the desk's current state, so it never falls behind. Call cancel when done:
// it closes the channel, so a reader waiting on it ends.
func (d *Desk) Subscribe() (changes <-chan struct{}, cancel func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ch := make(chan struct{}, 1)
	id := d.nextSub
	d.nextSub++
	d.subs[id] = ch
	return ch, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		// Closing ends whoever waits on the channel (a console's reader
		// would otherwise wait for ever); notify sends only under d.mu and
		// only to channels still in d.subs, so none is sent to once closed.
		if _, ok := d.subs[id]; ok {
			delete(d.subs, id)
			close(ch)
		}
	}
}

// notify signals every subscriber without blocking. The caller holds d.mu.
func (d *Desk) notify() {
	for _, ch := range d.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// actor looks up who is acting. The caller holds d.mu.
func (d *Desk) actor(id string) (*Person, error) {
	// A desk viewing the past refuses every command before anything else is
	// checked, so that the person is told why whatever they tried.
	if err := d.ReadOnly(); err != nil {
		return nil, err
	}
	p, ok := d.people[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q is not on this team's roster", ErrNotAllowed, id)
	}
	return p, nil
}

// supervisor checks that the actor may do what only supervisors do.
func (d *Desk) supervisor(id, what string) (*Person, error) {
	p, err := d.actor(id)
	if err != nil {
		return nil, err
	}
	if p.Role != RoleSupervisor {
		return nil, fmt.Errorf("%w: only a supervisor can %s", ErrNotAllowed, what)
	}
	return p, nil
}

// SetHealth records a feed's condition for the status bar. It is not an event:
// it says how the connection is, not what the team did.
func (d *Desk) SetHealth(source, condition string) {
	// Conditions quote servers and errors: outside text, made safe here
	// whichever feed reported it.
	source, condition = feeds.SafeLine(source), feeds.SafeLine(condition)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.health[source] == condition {
		return
	}
	d.health[source] = condition
	d.notify()
}

// Health returns each feed's last reported condition.
func (d *Desk) Health() map[string]string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make(map[string]string, len(d.health))
	for k, v := range d.health {
		out[k] = v
	}
	return out
}
