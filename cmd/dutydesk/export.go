package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
)

// runExport implements `dutydesk export`: the events and posts of a period,
// for disclosure, with the chain head to check them against the desk.
func runExport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("export", stderr)
	from, to, format, configPath, dbPath := exportFlags(flags)
	if code, ok := parseFlagsOnly("export", flags, args, stdout, stderr); !ok {
		return code
	}
	if *format != "jsonl" && *format != "md" {
		fmt.Fprintf(stderr, "dutydesk export: --format %q: use jsonl or md\n", *format)
		return 2
	}
	start, err := parseWhen(*from)
	if err != nil || *from == "" {
		fmt.Fprintf(stderr, "dutydesk export: --from %q: give a time such as \"2026-12-03 21:14\" (UTC)\n", *from)
		return 2
	}
	end := time.Now().UTC()
	if *to != "" {
		if end, err = parseWhen(*to); err != nil {
			fmt.Fprintf(stderr, "dutydesk export: --to %q: give a time such as \"2026-12-03 23:00\" (UTC)\n", *to)
			return 2
		}
	}
	fail := failTo(stderr)
	ctx := context.Background()
	st, err := app.OpenStoreToRead(ctx, *configPath, *dbPath)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	if err := desk.Export(ctx, st, start, end, *format, stdout); err != nil {
		return fail(err)
	}
	return 0
}

// exportFlags defines the export command's flags.
func exportFlags(fs *flag.FlagSet) (from, to, format, configPath, dbPath *string) {
	from = fs.String("from", "", "start of the period, `\"2006-01-02 15:04\"` (UTC) or RFC 3339")
	to = fs.String("to", "", "end of the period, same forms (default: now)")
	format = fs.String("format", "jsonl", "`jsonl` (one event a line, for tools) or md (for a reader)")
	configPath, dbPath = verifyFlags(fs)
	return from, to, format, configPath, dbPath
}

// parseWhen reads a moment as people type it, in UTC, or as RFC 3339.
func parseWhen(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time", s)
}
