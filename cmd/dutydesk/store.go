package main

import (
	"context"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// openStore opens the embedded SQLite store at a path, or the shared
// PostgreSQL store for a postgres:// URL (several desk servers, one desk).
func openStore(ctx context.Context, db string) (desk.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return desk.OpenPostgres(ctx, db)
	}
	return desk.OpenSQLite(db)
}
