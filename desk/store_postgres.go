package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgChannel is the LISTEN/NOTIFY channel that announces new events. The
// payload is the last stored sequence number; followers only use it as a
// wake-up and read the events themselves, so a lost or merged notification
// costs nothing but latency.
const pgChannel = "dutydesk_events"

// pgLockClass is the first key of every advisory lock dutydesk takes ("DUTY"),
// so that our locks cannot collide with another application's in the same
// database: the two-key form keeps dutydesk's names in their own space.
const pgLockClass = 0x44555459

// pgFollowEvery is how often Follow wakes its caller without a notification,
// as the safety net that makes a missed notification cost at most this long.
const pgFollowEvery = time.Second

// pgMigrations are the schema versions in order: pgMigrations[i] takes the
// schema from version i to version i+1. Append new versions; never edit one
// that has shipped, because databases out there already ran it.
var pgMigrations = []string{
	// 1: the event log and the head row that serialises appends.
	`CREATE TABLE dutydesk_events (
		seq     bigint PRIMARY KEY CHECK (seq > 0),
		type    text   NOT NULL,
		actor   text   NOT NULL,
		at_ns   bigint NOT NULL, -- Unix nanoseconds: timestamptz keeps only microseconds
		at      timestamptz GENERATED ALWAYS AS (to_timestamp(at_ns / 1e9)) STORED, -- for people reading the audit trail with SQL
		payload bytea  NOT NULL  -- the JSON exactly as the desk wrote it
	);
	CREATE TABLE dutydesk_head (
		one boolean PRIMARY KEY DEFAULT true CHECK (one),
		seq bigint  NOT NULL
	);
	INSERT INTO dutydesk_head (one, seq) VALUES (true, 0);`,
	// 2: snapshots of the folded state (snapshot.go).
	`CREATE TABLE dutydesk_snapshots (
		seq     bigint  PRIMARY KEY,
		version integer NOT NULL,
		body    bytea   NOT NULL,
		sum     bytea   NOT NULL,
		taken   timestamptz NOT NULL DEFAULT now()
	);`,
	// 3: the hash chain (chain.go); chainPostgres fills in the hashes of
	// the events already stored, and snapshots record the chain head.
	`ALTER TABLE dutydesk_events ADD COLUMN hash bytea;
	ALTER TABLE dutydesk_snapshots ADD COLUMN head bytea;`,
	// 4: search (search.go): the question each event is about, and the
	// words of arrivals, edits and follow-ups as a tsvector under a GIN
	// index ('simple': no stemming, any language); searchPostgres fills
	// both in for the events already stored.
	`ALTER TABLE dutydesk_events ADD COLUMN subject text, ADD COLUMN words tsvector;
	CREATE INDEX dutydesk_events_subject ON dutydesk_events (subject) WHERE subject IS NOT NULL;
	CREATE INDEX dutydesk_events_words ON dutydesk_events USING GIN (words) WHERE words IS NOT NULL;`,
}

// pgSearchSchema is the schema version that brought search.
const pgSearchSchema = 4

// pgChainSchema is the schema version that brought the hash chain.
const pgChainSchema = 3

// PostgresStore keeps the desk's events in PostgreSQL, so that several
// dutydesk processes on several hosts share one desk: one database is one
// desk. Appends are serialised by the database (one head row holds the last
// sequence number), so events have one gapless global order and of two
// appends made against the same state exactly one wins. Follow tells a
// process when others have appended; Lead elects one process for a job.
type PostgresStore struct {
	pool  *pgxpool.Pool
	cfg   *pgx.ConnConfig // for the dedicated Follow and Lead connections
	where string          // user@host:port/database: never the password
	pass  string          // only to scrub it from errors
	every time.Duration   // Follow's safety-net interval

	tip struct { // the last event this store appended, to chain the next from
		sync.Mutex
		seq  int64
		hash []byte
	}

	life context.Context // cancelled by Close, ending Follow and Lead
	stop context.CancelFunc
	once sync.Once
}

// OpenPostgres connects to the database at url (a postgres:// URL or a
// key=value connection string), brings its schema up to this build's version
// and returns the store. It refuses a schema written by a newer dutydesk.
// The password in url never appears in errors or logs.
func OpenPostgres(ctx context.Context, url string) (*PostgresStore, error) {
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx redacts passwords from parse errors only as best it can, and a
		// malformed string may be impossible to redact: say only what is wrong.
		var perr *pgconn.ParseConfigError
		if errors.As(err, &perr) && perr.Unwrap() != nil {
			return nil, fmt.Errorf("open postgres store: cannot parse the connection URL: %w", redacted{perr.Unwrap(), passwordOf(url)})
		}
		return nil, errors.New("open postgres store: cannot parse the connection URL (check its form: postgres://user@host:port/database)")
	}
	cc := pcfg.ConnConfig
	if cc.RuntimeParams["application_name"] == "" {
		// Shows in pg_stat_activity, so a DBA can tell our connections apart.
		cc.RuntimeParams["application_name"] = "dutydesk"
	}
	life, stop := context.WithCancel(context.Background())
	s := &PostgresStore{
		cfg:   cc.Copy(),
		where: fmt.Sprintf("%s@%s:%d/%s", cc.User, cc.Host, cc.Port, cc.Database),
		pass:  cc.Password,
		every: pgFollowEvery,
		life:  life,
		stop:  stop,
	}
	s.pool, err = pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		stop()
		return nil, s.errf("open", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the schema versions this database lacks, in one
// transaction under an advisory lock, so that hosts starting together
// neither race nor see half a schema.
func (s *PostgresStore) migrate(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext('dutydesk.migrate'))", pgLockClass); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS dutydesk_schema (
			version    integer PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return err
		}
		var version int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM dutydesk_schema").Scan(&version); err != nil {
			return err
		}
		if version > len(pgMigrations) {
			return fmt.Errorf("%w (schema %d, this build knows %d); upgrade dutydesk on this host", errNewerSchema, version, len(pgMigrations))
		}
		for v := version; v < len(pgMigrations); v++ {
			if _, err := tx.Exec(ctx, pgMigrations[v]); err != nil {
				return fmt.Errorf("schema version %d: %w", v+1, err)
			}
			if v+1 == pgChainSchema {
				if err := chainPostgres(ctx, tx); err != nil {
					return fmt.Errorf("schema version %d (hash chain): %w", v+1, err)
				}
			}
			if v+1 == pgSearchSchema {
				if err := searchPostgres(ctx, tx); err != nil {
					return fmt.Errorf("schema version %d (search): %w", v+1, err)
				}
			}
			if _, err := tx.Exec(ctx, "INSERT INTO dutydesk_schema (version) VALUES ($1)", v+1); err != nil {
				return fmt.Errorf("schema version %d: %w", v+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return s.errf("open", err)
	}
	return nil
}

// errNewerSchema says the database was migrated by a newer dutydesk.
var errNewerSchema = errors.New("the database was written by a newer dutydesk")

// appendSQL decides and stores an append in one statement, so one round trip
// and no transaction to leave open. The UPDATE moves the head only if it is
// still at $1: a concurrent append holding the row makes us wait, and under
// READ COMMITTED we then re-check its new value, find it moved and update
// nothing. The INSERT joins on the UPDATE's result, so a loser inserts
// nothing; the primary key on seq would refuse a duplicate anyway. Numbering
// under the head row lock gives a gapless order in commit order, so a
// follower reading "seq > last" can never skip an event committed late.
// pg_notify is delivered at commit, only if we won.
const appendSQL = `
WITH head AS (
	UPDATE dutydesk_head SET seq = seq + cardinality($2::text[])
	WHERE one AND seq = $1
	RETURNING seq
), ins AS (
	INSERT INTO dutydesk_events (seq, type, actor, at_ns, payload, hash, subject, words)
	SELECT $1 + e.n, e.type, e.actor, e.at_ns, e.payload, e.hash, nullif(e.subject, ''),
		CASE WHEN e.words = '' THEN NULL ELSE to_tsvector('simple', e.words) END
	FROM head, unnest($2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::bytea[], $7::text[], $8::text[])
		WITH ORDINALITY AS e(type, actor, at_ns, payload, hash, subject, words, n)
	RETURNING seq
)
SELECT head.seq, pg_notify('` + pgChannel + `', head.seq::text) FROM head`

// Append implements Store.
func (s *PostgresStore) Append(ctx context.Context, after int64, events []Event) ([]Event, error) {
	if len(events) == 0 {
		return events, nil
	}
	n := len(events)
	prev, err := s.hashAt(ctx, after)
	if err != nil {
		return nil, s.errf("append to", err)
	}
	types, actors, ats, payloads, hashes := make([]string, n), make([]string, n), make([]int64, n), make([][]byte, n), make([][]byte, n)
	subjects, words := make([]string, n), make([]string, n)
	c := newChainer()
	for i, ev := range events {
		p := []byte(ev.Payload)
		if p == nil {
			p = []byte{} // NOT NULL: an empty payload is stored as empty, as SQLite does
		}
		ev.Seq, ev.Payload = after+int64(i)+1, p
		prev = c.hash(prev, ev)
		types[i], actors[i], ats[i], payloads[i], hashes[i] = string(ev.Type), ev.Actor, ev.At.UnixNano(), p, prev
		subjects[i], words[i] = eventKeys(ev)
	}
	var last int64
	err = s.pool.QueryRow(ctx, appendSQL, after, types, actors, ats, payloads, hashes, subjects, words).Scan(&last, nil)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrConflict
	}
	if err != nil {
		return nil, s.errf("append to", err)
	}
	if last != after+int64(n) {
		// Cannot happen while only this code moves the head; refuse to guess.
		return nil, s.errf("append to", fmt.Errorf("head moved to %d, expected %d", last, after+int64(n)))
	}
	out := make([]Event, n)
	for i, ev := range events {
		ev.Seq, ev.Hash = after+int64(i)+1, hashes[i]
		out[i] = ev
	}
	s.tip.Lock()
	s.tip.seq, s.tip.hash = last, hashes[n-1]
	s.tip.Unlock()
	return out, nil
}

// Replay implements Store.
func (s *PostgresStore) Replay(ctx context.Context, after int64, fn func(Event) error) error {
	return s.eachEvent(ctx, "replay", fn, "SELECT seq, type, actor, at_ns, payload, hash FROM dutydesk_events WHERE seq > $1 ORDER BY seq", after)
}

// eachEvent hands fn every stored event a query selects, in its order; op
// names the work in the error.
func (s *PostgresStore) eachEvent(ctx context.Context, op string, fn func(Event) error, query string, args ...any) error {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return s.errf(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanEvent(rows.Scan, true)
		if err != nil {
			return s.errf(op, err)
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.errf(op, err)
	}
	return nil
}

// LastSeq is the sequence number of the newest stored event (0 if none).
func (s *PostgresStore) LastSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, "SELECT seq FROM dutydesk_head WHERE one").Scan(&n); err != nil {
		return 0, s.errf("read", err)
	}
	return n, nil
}

// PutSnapshot implements SnapshotStore.
func (s *PostgresStore) PutSnapshot(ctx context.Context, sn Snapshot) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO dutydesk_snapshots (seq, version, body, sum, head) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (seq) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body, sum = EXCLUDED.sum, head = EXCLUDED.head, taken = now()`,
			sn.Seq, sn.Version, sn.Body, sn.Sum, sn.Head); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "DELETE FROM dutydesk_snapshots WHERE seq NOT IN (SELECT seq FROM dutydesk_snapshots ORDER BY seq DESC LIMIT $1)", snapshotsKept)
		return err
	})
	if err != nil {
		return s.errf("store a snapshot in", err)
	}
	return nil
}

// Snapshots implements SnapshotStore.
func (s *PostgresStore) Snapshots(ctx context.Context, fn func(Snapshot) bool) error {
	rows, err := s.pool.Query(ctx, "SELECT seq, version, body, sum, head FROM dutydesk_snapshots ORDER BY seq DESC")
	if err != nil {
		return s.errf("read snapshots in", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sn Snapshot
		if err := rows.Scan(&sn.Seq, &sn.Version, &sn.Body, &sn.Sum, &sn.Head); err != nil {
			return s.errf("read snapshots in", err)
		}
		if !fn(sn) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return s.errf("read snapshots in", err)
	}
	return nil
}

// Close implements Store. It also ends Follow and Lead, releasing leadership.
func (s *PostgresStore) Close() error {
	if s == nil {
		return nil
	}
	s.once.Do(func() {
		s.stop()
		if s.pool != nil {
			s.pool.Close()
		}
	})
	return nil
}

// Follow calls notify whenever another process may have appended events:
// on every notification on the events channel, once after each (re)connect
// (notifications sent while disconnected are lost), and every second without
// one, so that a missed notification delays a change by at most a second and
// loses nothing: the caller reads events by sequence number, not from the
// notification. It listens on a dedicated connection, reconnects with
// backoff, and returns ctx.Err() when ctx is done or nil when the store is
// closed. notify is called from Follow's goroutine and should not block long.
func (s *PostgresStore) Follow(ctx context.Context, notify func()) error {
	ctx, cancel := s.bind(ctx)
	defer cancel()
	backoff := 100 * time.Millisecond
	for {
		// listen returns only when ctx is done or its connection broke;
		// a broken connection is handled by reconnecting, so its error has
		// no one to go to: the desk sees trouble as a failing catch-up.
		_ = s.listen(ctx, notify, func() { backoff = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return s.ended(ctx)
		}
		select {
		case <-ctx.Done():
			return s.ended(ctx)
		case <-time.After(backoff):
		}
		// While disconnected the desk may be behind: the safety net keeps
		// ticking so that a reconnect storm does not also stall catch-up of
		// what is already stored (the pool may still work).
		notify()
		backoff = min(backoff*2, 5*time.Second)
	}
}

// listen runs one LISTEN connection until it fails or ctx is done.
func (s *PostgresStore) listen(ctx context.Context, notify, connected func()) error {
	conn, err := s.connect(ctx, "dutydesk follow")
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return s.errf("follow", err)
	}
	connected()
	notify()
	for {
		wctx, cancel := context.WithTimeout(ctx, s.every)
		_, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			notify()
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err):
			// Quiet for a while: a silent network fault looks the same, so
			// check the connection before trusting the silence.
			pctx, pcancel := context.WithTimeout(ctx, 2*s.every+time.Second)
			err := conn.Ping(pctx)
			pcancel()
			if err != nil {
				return s.errf("follow", err)
			}
			notify()
		default:
			return s.errf("follow", err)
		}
	}
}

// Lead blocks until this process holds leadership called name (for example
// "mastodon:@team3@police.example", so that one host consumes that account's
// stream), or ctx is done. Leadership is a session-level advisory lock held
// on a dedicated connection: if this process dies or loses its connection,
// or goes silent (a power cut, a partition: the server ends a leader's
// session after five missed health checks, at least 5 s), PostgreSQL
// releases the lock and the next process waiting in Lead gets it.
//
// lost is closed when leadership ends: ctx was cancelled (the way to resign),
// the store was closed, or the connection failed a health check (checked
// every second). The leader must stop the led work when lost closes. Between
// a silent network fault and its detection two processes may briefly both
// believe they lead, so the led work must still be safe to repeat (items are
// de-duplicated by ID; posts carry an idempotency key).
func (s *PostgresStore) Lead(ctx context.Context, name string) (lost <-chan struct{}, err error) {
	lctx, cancel := s.bind(ctx)
	conn, err := s.connect(lctx, "dutydesk lead "+name)
	if err != nil {
		cancel()
		return nil, err
	}
	// A leader that vanishes without closing its connection (a power cut, a
	// partition) would keep the lock until TCP keepalive noticed, hours by
	// default. It pings every s.every while it leads, so have the server end
	// the session once the pings stop. PostgreSQL before 14 lacks the
	// setting; there keepalive is all there is.
	idle := max(5*s.every, 5*time.Second)
	if _, err := conn.Exec(lctx, fmt.Sprintf("SET idle_session_timeout = %d", idle.Milliseconds())); err != nil && lctx.Err() != nil {
		conn.Close(context.Background())
		cancel()
		return nil, fmt.Errorf("wait to lead %q: %w", name, lctx.Err())
	}
	// Blocks in the server until the holder lets go. When ctx ends first,
	// pgx closes the connection with a cancel request, which also takes us
	// out of the server's lock queue (the test checks that no waiter stays).
	if _, err := conn.Exec(lctx, "SELECT pg_advisory_lock($1, hashtext($2))", pgLockClass, name); err != nil {
		conn.Close(context.Background())
		cancel()
		if lctx.Err() != nil {
			return nil, fmt.Errorf("wait to lead %q: %w", name, lctx.Err())
		}
		return nil, s.errf("lead "+strconv.Quote(name)+" on", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer cancel()
		// Closing the session releases the lock; no unlock round trip needed.
		defer conn.Close(context.Background())
		tick := time.NewTicker(s.every)
		defer tick.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-tick.C:
				pctx, pcancel := context.WithTimeout(lctx, 2*s.every+time.Second)
				err := conn.Ping(pctx)
				pcancel()
				if err != nil {
					return
				}
			}
		}
	}()
	return done, nil
}

// bind returns a context that ends with ctx or when the store is closed.
func (s *PostgresStore) bind(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.life, cancel)
	return ctx, func() { stop(); cancel() }
}

// ended is Follow's result once its context is done: nil if the store was
// closed (a normal shutdown), else the caller's reason.
func (s *PostgresStore) ended(ctx context.Context) error {
	if s.life.Err() != nil {
		return nil
	}
	return ctx.Err()
}

// connect opens a dedicated connection outside the pool, for work that holds
// a session: LISTEN and session advisory locks.
func (s *PostgresStore) connect(ctx context.Context, app string) (*pgx.Conn, error) {
	cfg := s.cfg.Copy()
	cfg.RuntimeParams["application_name"] = app
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, s.errf("connect to", err)
	}
	return conn, nil
}

// errf wraps a database error with what we were doing and where, scrubbing
// the password in case a driver message ever quotes the connection string.
func (s *PostgresStore) errf(op string, err error) error {
	return fmt.Errorf("%s postgres store %s: %w", op, s.where, redacted{err, s.pass})
}

// redacted hides a password in an error's text but keeps the error for
// errors.Is and errors.As.
type redacted struct {
	err  error
	pass string
}

func (r redacted) Error() string {
	msg := r.err.Error()
	if r.pass != "" {
		msg = strings.ReplaceAll(msg, r.pass, "xxxxx")
	}
	return msg
}

func (r redacted) Unwrap() error { return r.err }

// passwordOf finds the password in a URL or key=value string, best effort,
// for scrubbing errors raised before the string is parsed.
func passwordOf(conn string) string {
	if i := strings.Index(conn, "://"); i >= 0 {
		rest := conn[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				return rest[c+1 : at]
			}
		}
		return ""
	}
	for _, f := range strings.Fields(conn) {
		if v, ok := strings.CutPrefix(f, "password="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}

// hashAt is the chain hash of event seq (genesis for 0): remembered from
// this store's last append, else read. An append after a stale hash fails
// its head check anyway, so the remembered one is only a shortcut.
func (s *PostgresStore) hashAt(ctx context.Context, seq int64) ([]byte, error) {
	if seq == 0 {
		return genesis, nil
	}
	s.tip.Lock()
	if s.tip.seq == seq {
		h := s.tip.hash
		s.tip.Unlock()
		return h, nil
	}
	s.tip.Unlock()
	var h []byte
	err := s.pool.QueryRow(ctx, "SELECT hash FROM dutydesk_events WHERE seq = $1", seq).Scan(&h)
	if errors.Is(err, pgx.ErrNoRows) {
		return genesis, nil // not there: the head check refuses the append
	}
	return h, err
}

// allEventsPostgres reads every stored event inside an upgrade's
// transaction.
func allEventsPostgres(ctx context.Context, tx pgx.Tx) ([]Event, error) {
	rows, err := tx.Query(ctx, "SELECT seq, type, actor, at_ns, payload FROM dutydesk_events ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readEvents(rows)
}

// chainPostgres gives the events an older dutydesk stored their hashes, in
// order, inside the upgrade's transaction.
func chainPostgres(ctx context.Context, tx pgx.Tx) error {
	evs, err := allEventsPostgres(ctx, tx)
	if err != nil {
		return err
	}
	return hashInOrder(evs, func(seq int64, hash []byte) error {
		_, err := tx.Exec(ctx, "UPDATE dutydesk_events SET hash = $1 WHERE seq = $2", hash, seq)
		return err
	})
}

// Numbered implements ChainStore: the head row's count, which a removed
// last event does not lower.
func (s *PostgresStore) Numbered(ctx context.Context) (int64, error) { return s.LastSeq(ctx) }

// searchPostgres gives the events an older dutydesk stored their subjects
// and search words, inside the upgrade's transaction.
func searchPostgres(ctx context.Context, tx pgx.Tx) error {
	evs, err := allEventsPostgres(ctx, tx)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		sub, words := eventKeys(ev)
		if sub == "" && words == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE dutydesk_events SET subject = nullif($1, ''),
			words = CASE WHEN $2 = '' THEN NULL ELSE to_tsvector('simple', $2) END WHERE seq = $3`, sub, words, ev.Seq); err != nil {
			return err
		}
	}
	return nil
}

// Search implements SearchStore with PostgreSQL full-text search: every
// term as a lexeme's beginning, newest match first.
func (s *PostgresStore) Search(ctx context.Context, terms []string, limit int) ([]string, error) {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = t + ":*" // terms are letters and digits only (searchTerms)
	}
	rows, err := s.pool.Query(ctx, `SELECT subject FROM dutydesk_events
		WHERE words @@ to_tsquery('simple', $1) AND subject IS NOT NULL ORDER BY seq DESC`, strings.Join(q, " & "))
	if err != nil {
		return nil, s.errf("search", err)
	}
	defer rows.Close()
	out, err := distinctSubjects(rows.Next, rows.Scan, rows.Err, limit)
	if err != nil {
		return nil, s.errf("search", err)
	}
	return out, nil
}

// SubjectEvents implements SearchStore.
func (s *PostgresStore) SubjectEvents(ctx context.Context, subjects []string, fn func(Event) error) error {
	if len(subjects) == 0 {
		return nil
	}
	return s.eachEvent(ctx, "read", fn, "SELECT seq, type, actor, at_ns, payload, hash FROM dutydesk_events WHERE subject = ANY($1) ORDER BY seq", subjects)
}
