package desk

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// sqliteFollowEvery is how often a desk on SQLite asks whether another
// process (a second console, `dutydesk duty`, `report`) changed the file.
const sqliteFollowEvery = 200 * time.Millisecond

// Follow makes an SQLite store followable like PostgreSQL: several processes
// may share one file (a console, `dutydesk duty off` from a shell, a second
// console), and each sees the others' events within a fraction of a second.
// It polls PRAGMA data_version on a connection of its own, which changes
// whenever another connection — another process, or this process's writer —
// committed; notify is called then, and every second as a safety net.
func (s *SQLiteStore) Follow(ctx context.Context, notify func()) error {
	conn, err := s.rdb.Conn(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer conn.Close()
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
		return v, err
	}
	last, _ := version()
	tick := time.NewTicker(sqliteFollowEvery)
	defer tick.Stop()
	quiet := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		v, err := version()
		if err != nil && (ctx.Err() != nil || errors.Is(err, sql.ErrConnDone) || s.closed.Load()) {
			return nil // the store closed
		}
		quiet++
		if err != nil || v != last || quiet*int(sqliteFollowEvery) >= int(time.Second) {
			last, quiet = v, 0
			notify()
		}
	}
}

// local marks a store only processes on this machine share: posts in flight
// are not handed between hosts (see Desk.shared).
func (s *SQLiteStore) local() {}
