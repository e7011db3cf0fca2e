package main

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/dutydesk/dutydesk/internal/app"
)

// runExport implements `dutydesk export`: the events and posts of a period,
// for disclosure, with the chain head to check them against the desk.
func runExport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("export", stderr)
	r := exportFlags(flags)
	if code, ok := parseFlagsOnly("export", flags, args, stdout, stderr); !ok {
		return code
	}
	return exitCode("export", app.Export(context.Background(), *r, time.Now(), stdout), stderr)
}

// exportFlags defines the export command's flags into r.
func exportFlags(fs *flag.FlagSet) *app.ExportRequest {
	r := &app.ExportRequest{}
	fs.StringVar(&r.From, "from", "", "start of the period, a `MOMENT`: \"2026-12-03 21:14\" (local time), a date, RFC 3339, or #1234")
	fs.StringVar(&r.To, "to", "", "end of the period, a `MOMENT` as for --from (default: now)")
	fs.StringVar(&r.Format, "format", "jsonl", "`jsonl` (one event a line, for tools) or md (for a reader)")
	storeFlagsInto(fs, &r.Config, &r.DB)
	return r
}
