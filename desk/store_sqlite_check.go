package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrStoreDamaged is what errors.Is matches when the store's file failed
// its integrity check: nothing more is written to it.
var ErrStoreDamaged = errors.New("the database is damaged")

// checkBesideBytes is the size from which a store's integrity is checked
// beside the start-up rather than before it. PRAGMA quick_check reads every
// page: about 0.1 s for 10⁵ events, 1 s for 10⁶, so below this size it is
// cheaper to wait than to arrange; above it the desk starts at once and its
// first write waits for the verdict instead. Either way nothing is added to
// a damaged file. A variable so that tests can check small files beside.
var checkBesideBytes int64 = 64 << 20

// integrityCheck is a store's quick_check running beside the start-up.
type integrityCheck struct {
	done   chan struct{} // closed with err set
	err    error
	cancel context.CancelFunc
}

// checkIntegrity refuses a damaged file rather than adding to it.
func (s *SQLiteStore) checkIntegrity() error {
	if err := s.quickCheck(context.Background(), s.db); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	return nil
}

// quickCheck runs SQLite's quick_check on db.
func (s *SQLiteStore) quickCheck(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("%w (%s); keep the file for the audit trail and restore a backup", ErrStoreDamaged, result)
	}
	return nil
}

// checkLater says whether the integrity of the file at path, opened to be
// written, is checked beside the start-up: it is large.
func checkLater(path string, readOnly bool) bool {
	fi, err := os.Stat(path)
	return err == nil && !readOnly && fi.Size() >= checkBesideBytes
}

// checkBeside starts the integrity check on the readers' connections, so
// that the replay that starts the desk does not wait for it.
func (s *SQLiteStore) checkBeside() {
	ctx, cancel := context.WithCancel(context.Background())
	c := &integrityCheck{done: make(chan struct{}), cancel: cancel}
	s.check = c
	go func() {
		defer close(c.done)
		c.err = s.quickCheck(ctx, s.rdb)
	}()
}

// writable is open, and for a store checked beside its start-up, the
// check's verdict: a write waits for it, and a damaged file takes none.
func (s *SQLiteStore) writable(ctx context.Context) error {
	if err := s.open(); err != nil {
		return err
	}
	if s.check == nil {
		return nil
	}
	select {
	case <-s.check.done:
	case <-ctx.Done():
		return fmt.Errorf("waiting for the integrity check of store %s: %w", s.path, ctx.Err())
	}
	if s.check.err != nil {
		return fmt.Errorf("store %s: %w", s.path, s.check.err)
	}
	return nil
}

// stopCheck ends a check still running, before the store closes.
func (s *SQLiteStore) stopCheck() {
	if s.check != nil {
		s.check.cancel()
		<-s.check.done
	}
}
