package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// runVerify implements `dutydesk verify`: walk the event log's hash chain.
// Exit 0: intact; 1: the first event changed, removed or inserted is named
// (or the store could not be read); 2: usage.
func runVerify(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("verify", stderr)
	configPath, dbPath := verifyFlags(flags)
	if code, ok := parseFlags("verify", flags, args, stdout, stderr); !ok {
		return code
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "dutydesk verify: unexpected %q; see dutydesk verify --help\n", flags.Arg(0))
		return 2
	}
	fail := failTo(stderr)
	ctx := context.Background()
	st, err := openExistingStore(ctx, *configPath, *dbPath)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	res, err := desk.Verify(ctx, st)
	if err != nil {
		if errors.Is(err, desk.ErrTampered) {
			fmt.Fprintf(stdout, "TAMPERED: %v\n", err)
			return 1
		}
		return fail(err)
	}
	fmt.Fprintf(stdout, "intact: %d events, the last %d; chain head %s\n", res.Events, res.Last, res.HeadHex())
	return 0
}

// verifyFlags defines the verify command's flags.
func verifyFlags(fs *flag.FlagSet) (configPath, dbPath *string) {
	configPath = fs.String("config", "", "config `FILE` naming the store (default: "+config.DefaultPath()+" if it exists)")
	dbPath = fs.String("db", "", "store `PATH` or postgres:// URL (default: db in the config, else "+config.DefaultDBPath("desk.db")+")")
	return configPath, dbPath
}

// openExistingStore opens the store a command reads, refusing to create
// one where none is: a mistyped path must not verify as an empty log.
func openExistingStore(ctx context.Context, configPath, dbPath string) (desk.Store, error) {
	cfg, err := config.LoadOptional(configPath)
	if err != nil {
		return nil, err
	}
	db := cfg.DeskPath(dbPath)
	if !strings.HasPrefix(db, "postgres://") && !strings.HasPrefix(db, "postgresql://") {
		if _, err := os.Stat(db); err != nil {
			return nil, fmt.Errorf("no store at %s (%v): pass --db PATH", db, err)
		}
	}
	return app.OpenStore(ctx, db)
}
