package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/risk"
)

const checkAbout = `Check a draft for personal data, prejudging words and bad tone before it is
posted, or with --urgency classify an inbound message (urgent: advise 999;
possible: a person must check now; crime report: advise 101). Reads FILE, or
standard input if FILE is - or absent.`

// maxCheckInput bounds what check reads: a draft is a few hundred bytes.
const maxCheckInput = 10 << 20

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

	cfg := risk.Config{}
	if *configPath != "" {
		c, err := config.LoadRisk(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "dutydesk check: %v\n", err)
			return 2
		}
		cfg = c
	}
	checker, err := risk.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "dutydesk check: %s: %v\n", *configPath, err)
		return 2
	}

	text, err := readCheckInput(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "dutydesk check: %v\n", err)
		return 2
	}

	if *urgency {
		u := checker.Urgency(text)
		if *asJSON {
			if err := writeJSON(stdout, urgencyJSON(u)); err != nil {
				fmt.Fprintf(stderr, "dutydesk check: %v\n", err)
				return 2
			}
		} else {
			u.WriteText(stdout)
		}
		if u.Level == risk.Routine {
			return 0
		}
		return 1
	}

	findings := checker.Check(text)
	if *asJSON {
		if findings == nil {
			findings = []risk.Finding{}
		}
		if err := writeJSON(stdout, findings); err != nil {
			fmt.Fprintf(stderr, "dutydesk check: %v\n", err)
			return 2
		}
	} else {
		display := name
		if name == "-" {
			display = "<stdin>"
		}
		risk.WriteFindings(stdout, display, text, findings)
	}
	if len(findings) > 0 {
		return 1
	}
	return 0
}

// checkUrgency is the JSON that check --urgency --json prints: always these
// four keys, empty strings and an empty list when there is nothing to say.
type checkUrgency struct {
	Level   string   `json:"level"`
	Reason  string   `json:"reason"`
	Advice  string   `json:"advice"`
	Signals []string `json:"signals"`
}

func urgencyJSON(u risk.Urgency) checkUrgency {
	c := checkUrgency{Level: u.Level.String(), Reason: u.Reason, Advice: u.Advice, Signals: u.Signals}
	if c.Signals == nil {
		c.Signals = []string{}
	}
	return c
}

func readCheckInput(name string, stdin io.Reader) (string, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxCheckInput+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > maxCheckInput {
		return "", fmt.Errorf("%s is over %d MB; check one draft at a time", name, maxCheckInput>>20)
	}
	return string(b), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
