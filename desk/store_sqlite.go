package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// sqliteAppID marks a file as a dutydesk store ("DUTY"), so that start-up can
// refuse somebody else's database instead of writing into it.
const sqliteAppID = 0x44555459

// sqliteMigrations are the schema versions in order: sqliteMigrations[i]
// takes the schema from version i to version i+1. Append new versions; never
// edit one that has shipped, because stores out there already ran it.
var sqliteMigrations = [][]string{
	// 1: the event log.
	{`CREATE TABLE IF NOT EXISTS events (
			seq     INTEGER PRIMARY KEY AUTOINCREMENT,
			type    TEXT    NOT NULL,
			actor   TEXT    NOT NULL,
			at      INTEGER NOT NULL,
			payload BLOB    NOT NULL
		)`},
	// 2: snapshots of the folded state (snapshot.go).
	{`CREATE TABLE snapshots (
			seq     INTEGER PRIMARY KEY,
			version INTEGER NOT NULL,
			body    BLOB    NOT NULL,
			sum     BLOB    NOT NULL,
			taken   INTEGER NOT NULL
		)`},
	// 3: the hash chain (chain.go); chainSQLite fills in the hashes of the
	// events already stored, and snapshots record the chain head.
	{`ALTER TABLE events ADD COLUMN hash BLOB`, `ALTER TABLE snapshots ADD COLUMN head BLOB`},
	// 4: search (search.go): the question each event is about, and the
	// words of arrivals, edits and follow-ups in a full-text index whose
	// rowid is the event's seq, both filled in behind the log up to
	// search_mark (Index), so that storing an event never waits for them.
	{`ALTER TABLE events ADD COLUMN subject TEXT`,
		`CREATE INDEX events_subject ON events(subject) WHERE subject IS NOT NULL`,
		`CREATE VIRTUAL TABLE search USING fts5(words, content='', tokenize='unicode61 remove_diacritics 2')`,
		`CREATE TABLE search_mark (upto INTEGER NOT NULL)`,
		`INSERT INTO search_mark (upto) VALUES (0)`},
}

// sqliteChainSchema is the schema version that brought the hash chain.
const sqliteChainSchema = 3

// sqliteSchema is the schema version this build writes.
var sqliteSchema = len(sqliteMigrations)

// SQLiteStore is the embedded store: one SQLite file in WAL mode.
type SQLiteStore struct {
	db   *sql.DB // the one writer
	rdb  *sql.DB // readers: replay and snapshots never wait for the writer, nor it for them
	path string
	// readOnly is set when the file may not be written: it is read only.
	readOnly bool

	closed atomic.Bool // set by Close: every method then returns ErrStoreClosed
	// check is the integrity check of a large file, running beside the
	// start-up (store_sqlite_check.go); nil when it ran before it.
	check *integrityCheck
	// checkPending is set by migrate when the check is to run beside.
	checkPending bool
}

// open returns ErrStoreClosed, with the path, once the store is closed. The
// handles themselves stay set: a call racing Close gets database/sql's own
// "database is closed" error, never a nil pointer.
func (s *SQLiteStore) open() error {
	if s.closed.Load() {
		return fmt.Errorf("%w (store %s)", ErrStoreClosed, s.path)
	}
	return nil
}

// OpenSQLite opens or creates the store at path. It refuses a file that is
// not a dutydesk store or that a newer dutydesk wrote, and never overwrites it.
func OpenSQLite(path string) (*SQLiteStore, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	// Create the file ourselves so that it is private from the first byte.
	// A file that exists but may not be written opens for reading (report,
	// verify); one that cannot be made is an error, not "no such file".
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
	} else if !exists(path) {
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	// Look before writing: opening in WAL mode rewrites the file's header,
	// so somebody else's database must be refused before that.
	if err := probeSQLite(path); err != nil {
		return nil, err
	}
	// _txlock=immediate: a writer takes the write lock when its transaction
	// begins, so a second process on the file waits (busy_timeout) instead
	// of failing with SQLITE_BUSY when it would upgrade a read.
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	// A file this process may not write is opened to read (report, verify,
	// export): setting WAL mode would be a write. A desk that writes has
	// refused it already (CheckWritableSQLite).
	readOnly := syscall.Access(path, mayWrite) != nil
	rdsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	if readOnly {
		dsn = "file:" + path + "?mode=ro&_pragma=busy_timeout(5000)"
		if !exists(path + "-wal") {
			// Everything is in the file itself, and SQLite could not make
			// its shared-memory file beside it to read it in WAL mode.
			dsn += "&immutable=1"
		}
		rdsn = dsn
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// One writer connection: SQLite serialises writers anyway, and one
	// connection keeps the pragmas and avoids SQLITE_BUSY between our own
	// connections.
	db.SetMaxOpenConns(1)
	s := &SQLiteStore{db: db, path: path, readOnly: readOnly}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	s.rdb, err = sql.Open("sqlite", rdsn)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.rdb.SetMaxOpenConns(4)
	if s.checkPending {
		s.checkBeside()
	}
	return s, nil
}

// probeSQLite refuses, without changing a byte of it or leaving anything
// beside it, a file that is not a dutydesk store: one that is not an SQLite
// database at all, or somebody else's database. An empty file, or a store
// whose first transaction is still only in its write-ahead log, passes.
func probeSQLite(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	header := make([]byte, 100)
	n, _ := io.ReadFull(f, header)
	f.Close()
	if n == 0 {
		return nil // a new file: ours to create
	}
	if n < len(header) || string(header[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open store %s: not a dutydesk store (not even an SQLite database); refusing to touch it: move it aside or pass another --db", path)
	}
	// immutable: read the main file only — no locks, no journal, no
	// write-ahead log or shared-memory file created.
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	defer db.Close()
	var appID, tables int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		if walPending(path, header) {
			return nil // read through its log by migrate, before any write
		}
		return fmt.Errorf("open store %s: not a dutydesk store (an unreadable SQLite database: %v); refusing to touch it: move it aside or pass another --db", path, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		if walPending(path, header) {
			return nil
		}
		return fmt.Errorf("open store %s: the database is damaged (%v); keep the file for the audit trail and restore a backup", path, err)
	}
	if appID != sqliteAppID && (appID != 0 || tables != 0) {
		return fmt.Errorf("open store %s: this database was not made by dutydesk; refusing to touch it (pass another --db)", path)
	}
	return nil
}

// walPending reports whether the file is in WAL mode (its header's read
// and write versions are 2) with a write-ahead log beside it that is not
// empty. Its main file alone may then be torn — a process killed while
// copying the log into it (a checkpoint) leaves it so — while the file read
// through its log is whole: only a reader that uses the log can judge it.
// migrate does, and checks the application ID, the schema version and the
// integrity before it writes a byte; opening in WAL mode a file already in
// WAL mode rewrites nothing.
func walPending(path string, header []byte) bool {
	if len(header) < 20 || header[18] != 2 || header[19] != 2 {
		return false
	}
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

func (s *SQLiteStore) migrate() error {
	var appID, version int
	if err := s.db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("open store %s: not a dutydesk store (not a readable SQLite database: %w); move it aside or pass another --db", s.path, err)
	}
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	var tables int
	if err := s.db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	switch {
	case appID == 0 && tables == 0:
		// a new, empty file: ours to create
	case appID != sqliteAppID:
		return fmt.Errorf("open store %s: this database was not made by dutydesk; refusing to touch it (pass another --db)", s.path)
	case version > sqliteSchema:
		return fmt.Errorf("open store %s: written by a newer dutydesk (schema %d, this build knows %d); upgrade dutydesk", s.path, version, sqliteSchema)
	case version == sqliteSchema && checkLater(s.path, s.readOnly):
		s.checkPending = true // OpenSQLite starts it once the readers are open
		return nil
	case version == sqliteSchema:
		return s.checkIntegrity()
	case version > 0:
		// An older dutydesk's store: upgraded in place, after a look.
		if err := s.checkIntegrity(); err != nil {
			return err
		}
	}
	if s.readOnly {
		return fmt.Errorf("open store %s: it is read-only for you and needs upgrading first (schema %d to %d): open it once with a dutydesk that may write it", s.path, version, sqliteSchema)
	}
	// One transaction: the tables and the marks that make them ours appear
	// together, or not at all if the process dies half-way.
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("create store %s: %w", s.path, err)
	}
	defer tx.Rollback()
	for v := version; v < sqliteSchema; v++ {
		for _, q := range sqliteMigrations[v] {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("upgrade store %s to schema %d: %w", s.path, v+1, err)
			}
		}
		if v+1 == sqliteChainSchema {
			if err := chainSQLite(tx); err != nil {
				return fmt.Errorf("upgrade store %s to schema %d (hash chain): %w", s.path, v+1, err)
			}
		}
	}
	for _, q := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", sqliteAppID),
		fmt.Sprintf("PRAGMA user_version = %d", sqliteSchema),
	} {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("create store %s: %w", s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create store %s: %w", s.path, err)
	}
	return nil
}

// Append implements Store.
func (s *SQLiteStore) Append(ctx context.Context, after int64, events []Event) ([]Event, error) {
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return events, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%w (store %s)", err, s.path)
	}
	defer tx.Rollback()
	var (
		last int64
		prev []byte
	)
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		last, prev, err = 0, genesis, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w (store %s)", err, s.path)
	}
	if last != after {
		return nil, ErrConflict
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO events(seq, type, actor, at, payload, hash) VALUES (?, ?, ?, ?, ?, ?)")
	if err != nil {
		return nil, fmt.Errorf("%w (store %s)", err, s.path)
	}
	defer stmt.Close()
	out := make([]Event, len(events))
	c := newChainer()
	for i, ev := range events {
		// Numbered by the store's own count (AUTOINCREMENT never reuses a
		// number), so that a removed last event leaves a gap verify sees.
		var next int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) + 1").Scan(&next); err != nil {
			return nil, fmt.Errorf("%w (store %s)", err, s.path)
		}
		if next <= last {
			next = last + 1
		}
		ev.Seq = next
		ev.Hash = c.hash(prev, ev)
		if _, err := stmt.ExecContext(ctx, ev.Seq, string(ev.Type), ev.Actor, ev.At.UnixNano(), []byte(ev.Payload), ev.Hash); err != nil {
			return nil, fmt.Errorf("%w (storing %s in %s)", err, ev.Type, s.path)
		}
		prev, last = ev.Hash, ev.Seq
		out[i] = ev
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("%w (store %s)", err, s.path)
	}
	return out, nil
}

// Replay implements Store.
func (s *SQLiteStore) Replay(ctx context.Context, after int64, fn func(Event) error) error {
	if err := s.open(); err != nil {
		return err
	}
	return s.eachEvent(ctx, "replay", fn, "SELECT seq, type, actor, at, payload, hash FROM events WHERE seq > ? ORDER BY seq", after)
}

// eachEvent hands fn every stored event a query selects, in its order; op
// names the work in the error.
func (s *SQLiteStore) eachEvent(ctx context.Context, op string, fn func(Event) error, query string, args ...any) error {
	rows, err := s.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s store %s: %w", op, s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanEvent(rows.Scan, true)
		if err != nil {
			return fmt.Errorf("%s store %s: %w", op, s.path, err)
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s store %s: %w", op, s.path, err)
	}
	return nil
}

// LastSeq is the sequence number of the newest stored event (0 if none), so
// that replay can size its tables before it starts.
func (s *SQLiteStore) LastSeq(ctx context.Context) (int64, error) {
	if err := s.open(); err != nil {
		return 0, err
	}
	var n int64
	if err := s.rdb.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM events").Scan(&n); err != nil {
		return 0, fmt.Errorf("read store %s: %w", s.path, err)
	}
	return n, nil
}

// Close implements Store.
func (s *SQLiteStore) Close() error {
	// The handles stay (a closed sql.DB answers "database is closed"): a
	// follower or catch-up still running when the store closes must get an
	// error, not a nil handle.
	if s == nil || s.db == nil || !s.closed.CompareAndSwap(false, true) {
		return nil
	}
	s.stopCheck()
	err := s.db.Close()
	if s.rdb != nil {
		s.rdb.Close()
	}
	if err != nil && !errors.Is(err, sql.ErrConnDone) {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// PutSnapshot implements SnapshotStore.
func (s *SQLiteStore) PutSnapshot(ctx context.Context, sn Snapshot) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w (store %s)", err, s.path)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO snapshots(seq, version, body, sum, taken, head) VALUES (?, ?, ?, ?, ?, ?)",
		sn.Seq, sn.Version, sn.Body, sn.Sum, time.Now().UnixNano(), sn.Head); err != nil {
		return fmt.Errorf("%w (store %s)", err, s.path)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)", snapshotsKept); err != nil {
		return fmt.Errorf("%w (store %s)", err, s.path)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w (store %s)", err, s.path)
	}
	return nil
}

// Snapshots implements SnapshotStore.
func (s *SQLiteStore) Snapshots(ctx context.Context, fn func(Snapshot) bool) error {
	if err := s.open(); err != nil {
		return err
	}
	rows, err := s.rdb.QueryContext(ctx, "SELECT seq, version, body, sum, head FROM snapshots ORDER BY seq DESC")
	if err != nil {
		return fmt.Errorf("read snapshots in %s: %w", s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sn Snapshot
		if err := rows.Scan(&sn.Seq, &sn.Version, &sn.Body, &sn.Sum, &sn.Head); err != nil {
			return fmt.Errorf("read snapshots in %s: %w", s.path, err)
		}
		if !fn(sn) {
			return nil
		}
	}
	return rows.Err()
}

// eventsSQLite reads the stored events a query selects inside tx, for the
// upgrade and the indexer that write something for each.
func eventsSQLite(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]Event, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readEvents(rows)
}

// chainSQLite gives the events an older dutydesk stored their hashes, in
// order, inside the upgrade's transaction.
func chainSQLite(tx *sql.Tx) error {
	evs, err := eventsSQLite(context.Background(), tx, "SELECT seq, type, actor, at, payload FROM events ORDER BY seq")
	if err != nil {
		return err
	}
	stmt, err := tx.Prepare("UPDATE events SET hash = ? WHERE seq = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	return hashInOrder(evs, func(seq int64, hash []byte) error {
		_, err := stmt.Exec(hash, seq)
		return err
	})
}

// Numbered implements ChainStore: the highest number SQLite ever gave an
// event, which a removed last event does not lower.
func (s *SQLiteStore) Numbered(ctx context.Context) (int64, error) {
	if err := s.open(); err != nil {
		return 0, err
	}
	var n int64
	err := s.rdb.QueryRowContext(ctx, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read store %s: %w", s.path, err)
	}
	return n, nil
}

// indexBatch is how many events one Index transaction takes in, so that
// an append waits for at most one batch.
const indexBatch = 2000

// Index implements Indexer: it gives the events stored since the last call
// their subjects and search words, a batch per transaction, up to the end
// of the log. The desk calls it in the background with its snapshots, and
// Search and SubjectEvents call it first, so they see every event; a store
// made by an older dutydesk is indexed this way the first time.
func (s *SQLiteStore) Index(ctx context.Context) error {
	if err := s.open(); err != nil {
		return err
	}
	for {
		n, err := s.indexSome(ctx)
		if err != nil {
			return fmt.Errorf("index store %s for search: %w", s.path, err)
		}
		if n < indexBatch {
			return nil
		}
	}
}

// indexSome indexes up to indexBatch events after the mark, in one
// transaction with the mark, and says how many it read.
func (s *SQLiteStore) indexSome(ctx context.Context) (int, error) {
	if err := s.writable(ctx); err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var upto int64
	if err := tx.QueryRowContext(ctx, "SELECT upto FROM search_mark").Scan(&upto); err != nil {
		return 0, err
	}
	evs, err := eventsSQLite(ctx, tx, "SELECT seq, type, actor, at, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?", upto, indexBatch)
	if err != nil {
		return 0, err
	}
	if len(evs) == 0 {
		return 0, nil
	}
	subject, err := tx.PrepareContext(ctx, "UPDATE events SET subject = ? WHERE seq = ?")
	if err != nil {
		return 0, err
	}
	defer subject.Close()
	index, err := tx.PrepareContext(ctx, "INSERT INTO search(rowid, words) VALUES (?, ?)")
	if err != nil {
		return 0, err
	}
	defer index.Close()
	for _, ev := range evs {
		sub, words := eventKeys(ev)
		if sub != "" {
			if _, err := subject.ExecContext(ctx, sub, ev.Seq); err != nil {
				return 0, err
			}
		}
		if words != "" {
			if _, err := index.ExecContext(ctx, ev.Seq, words); err != nil {
				return 0, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE search_mark SET upto = ?", evs[len(evs)-1].Seq); err != nil {
		return 0, err
	}
	return len(evs), tx.Commit()
}

// Search implements SearchStore with FTS5: every term as a word's
// beginning, newest match first.
func (s *SQLiteStore) Search(ctx context.Context, terms []string, limit int) ([]string, error) {
	if err := s.Index(ctx); err != nil {
		return nil, err
	}
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"*` // terms are letters and digits only (searchTerms)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT e.subject FROM search JOIN events e ON e.seq = search.rowid
		WHERE search MATCH ? AND e.subject IS NOT NULL ORDER BY search.rowid DESC`, strings.Join(q, " "))
	if err != nil {
		return nil, fmt.Errorf("search store %s: %w", s.path, err)
	}
	defer rows.Close()
	return distinctSubjects(rows.Next, rows.Scan, rows.Err, limit)
}

// distinctSubjects reads subjects from rows, each once, up to limit.
func distinctSubjects(next func() bool, scan func(...any) error, rowsErr func() error, limit int) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for len(out) < limit && next() {
		var sub string
		if err := scan(&sub); err != nil {
			return nil, err
		}
		if !seen[sub] {
			seen[sub] = true
			out = append(out, sub)
		}
	}
	return out, rowsErr()
}

// SubjectEvents implements SearchStore.
func (s *SQLiteStore) SubjectEvents(ctx context.Context, subjects []string, fn func(Event) error) error {
	if err := s.Index(ctx); err != nil {
		return err
	}
	if len(subjects) == 0 {
		return nil
	}
	args := make([]any, len(subjects))
	for i, sub := range subjects {
		args[i] = sub
	}
	return s.eachEvent(ctx, "read", fn, "SELECT seq, type, actor, at, payload, hash FROM events WHERE subject IN (?"+
		strings.Repeat(", ?", len(subjects)-1)+") ORDER BY seq", args...)
}
