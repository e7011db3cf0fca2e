package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dutydesk/dutydesk/internal/app"
)

const checkAbout = `Check a draft for personal data, prejudging words and bad tone before it is
posted, or with --urgency classify an inbound message (urgent: advise 999;
possible: a person must check now; crime report: advise 101). Reads FILE, or
standard input if FILE is - or absent.`

// checkFlags defines the check command's flags.
func checkFlags(fs *flag.FlagSet) (asJSON, urgency *bool, configPath *string) {
	asJSON = fs.Bool("json", false, "print the result as JSON")
	urgency = fs.Bool("urgency", false, "classify an inbound message instead of checking a draft")
	configPath = fs.String("config", "", "config `FILE` whose [risk] table tunes the checks")
	return asJSON, urgency, configPath
}

// runCheck implements "dutydesk check": args are the arguments after
// "check"; it returns the process exit status.
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	asJSON, urgency, configPath := checkFlags(fs)
	usage := func(w io.Writer) { commands().WriteHelp(w, "check", fs) }

	// Flags may come before or after the file name.
	var files []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage(stdout)
				return 0
			}
			usage(stderr)
			return 2
		}
		after := fs.Args()
		if n := len(rest) - len(after); n > 0 && rest[n-1] == "--" {
			files = append(files, after...) // everything after -- is a file
			break
		}
		rest = after
		if len(rest) == 0 {
			break
		}
		files = append(files, rest[0])
		rest = rest[1:]
	}
	if len(files) > 1 {
		fmt.Fprintf(stderr, "dutydesk check: one file at a time, got %d: %s\n", len(files), strings.Join(files, " "))
		usage(stderr)
		return 2
	}
	name := "-"
	if len(files) == 1 {
		name = files[0]
	}

	flagged, err := app.Check(app.CheckRequest{Config: *configPath, File: name, JSON: *asJSON, Urgency: *urgency}, stdin, stdout)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "dutydesk check: %v\n", err)
		return 2
	case flagged:
		return 1
	}
	return 0
}
