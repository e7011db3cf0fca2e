package desk

import "context"

// Leader is a store shared by several processes that can elect one of them
// for a job, such as consuming one account's stream: PostgresStore. Lead
// blocks until this process leads name or ctx is done; lost closes when
// leadership ends (cancel ctx to resign). See PostgresStore.Lead.
type Leader interface {
	Lead(ctx context.Context, name string) (lost <-chan struct{}, err error)
}

// Leader returns the desk's store as a Leader when several processes share
// it, or nil when this process is alone on its store (SQLite) and so leads
// every job without asking.
func (d *Desk) Leader() Leader {
	l, _ := d.store.(Leader)
	return l
}
