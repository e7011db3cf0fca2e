package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// report runs dutydesk report and returns what it printed.
func report(t *testing.T, wantCode int, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	if code := reportWith(context.Background(), args, &out, &errb, now); code != wantCode {
		t.Fatalf("report %s: exit %d, want %d; %s", strings.Join(args, " "), code, wantCode, errb.String())
	}
	return out.String() + errb.String()
}

// figure picks one team figure from the CSV report.
func figure(t *testing.T, csv, name string) string {
	t.Helper()
	for _, line := range strings.Split(csv, "\n") {
		if f := strings.Split(line, ","); len(f) == 4 && f[0] == "team" && f[2] == name {
			return f[3]
		}
	}
	t.Fatalf("no team figure %q in\n%s", name, csv)
	return ""
}

// The report over a period reads the fixture store's events (written by an
// older dutydesk): --from/--to count only what happened between them, by
// time or by event number, and --at is the report as it stood then.
func TestReportFromToAndAtReadThePeriodFromTheStore(t *testing.T) {
	db := copyStore(t) // events from 20:00 to 20:22:30 on 30 November
	early := report(t, 0, "--db", db, "--format", "csv", "--from", "2026-11-30T20:00:00Z", "--to", "2026-11-30T20:08:00Z")
	// By 20:08 three questions had come in (20:04:30, 20:06, 20:07:30),
	// none acknowledged yet.
	for name, want := range map[string]string{"in": "3", "acknowledged": "0", "still_open": "3"} {
		if got := figure(t, early, name); got != want {
			t.Errorf("20:00 to 20:08: %s = %s, want %s", name, got, want)
		}
	}
	// The same window by event numbers: the arrivals #10 to #12.
	bySeq := report(t, 0, "--db", db, "--format", "csv", "--from", "#10", "--to", "#12")
	if got := figure(t, bySeq, "in"); got != "3" {
		t.Errorf("#10 to #12: in = %s, want 3", got)
	}
	whole := report(t, 0, "--db", db, "--format", "csv", "--from", "2026-11-30T20:00:00Z", "--to", "2026-11-30T21:00:00Z")
	if figure(t, whole, "in") == "3" || figure(t, whole, "acknowledged") == "0" {
		t.Errorf("the whole shift reads as its first eight minutes:\n%s", whole)
	}
	// --at T --since 30m is the window from T-30m to T.
	at := report(t, 0, "--db", db, "--format", "csv", "--at", "2026-11-30T20:12:30Z", "--since", "30m")
	fromTo := report(t, 0, "--db", db, "--format", "csv", "--from", "2026-11-30T19:42:30Z", "--to", "2026-11-30T20:12:30Z")
	if at != fromTo {
		t.Errorf("--at 20:12:30 --since 30m:\n%s\ndiffers from --from 19:42:30 --to 20:12:30:\n%s", at, fromTo)
	}
	if !strings.Contains(at, "window,Team 3,to,2026-11-30T20:12:30Z") {
		t.Errorf("--at does not end the window at the moment:\n%s", at)
	}

	for _, bad := range [][]string{
		{"--at", "20:12", "--from", "20:00"},
		{"--to", "20:12"},
		{"--from", "20:00", "--since", "2h"},
		{"--from", "tea time"},
		{"--from", "2026-11-30T21:00:00Z", "--to", "2026-11-30T20:00:00Z"},
	} {
		report(t, 2, append([]string{"--db", db}, bad...)...)
	}
}
