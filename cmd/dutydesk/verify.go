package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
)

// runVerify implements `dutydesk verify`: walk the event log's hash chain.
// Exit 0: intact; 1: the first event changed, removed or inserted is named
// (or the store could not be read); 2: usage.
func runVerify(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("verify", stderr)
	configPath, dbPath := storeFlags(flags)
	if code, ok := parseFlagsOnly("verify", flags, args, stdout, stderr); !ok {
		return code
	}
	fail := failTo(stderr)
	ctx := context.Background()
	st, err := app.OpenStoreToRead(ctx, *configPath, *dbPath)
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
