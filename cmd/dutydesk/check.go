package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

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
			fmt.Fprintf(stdout, "%s", u.Level)
			if u.Reason != "" {
				fmt.Fprintf(stdout, ": %s", sanitize(u.Reason))
			}
			fmt.Fprintln(stdout)
			if len(u.Signals) > 0 {
				fmt.Fprintf(stdout, "signals: %s\n", strings.Join(u.Signals, ", "))
			}
			if u.Advice != "" {
				fmt.Fprintf(stdout, "advice: %s\n", u.Advice)
			}
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
		printFindings(stdout, display, text, findings)
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

// printFindings writes each finding as "file:line:col: severity kind: reason",
// the line it is on with the span underlined, and the suggested fix.
func printFindings(w io.Writer, name, text string, fs []risk.Finding) {
	for _, f := range fs {
		lineStart := strings.LastIndexByte(text[:f.Start], '\n') + 1
		lineEnd := len(text)
		if i := strings.IndexByte(text[lineStart:], '\n'); i >= 0 {
			lineEnd = lineStart + i
		}
		lineNo := strings.Count(text[:lineStart], "\n") + 1
		col := utf8.RuneCountInString(text[lineStart:f.Start]) + 1
		end := min(f.End, lineEnd)
		fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", name, lineNo, col, f.Severity, f.Kind, f.Reason)
		fmt.Fprintf(w, "    %s\n", sanitize(strings.TrimRight(text[lineStart:lineEnd], "\r")))
		fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", col-1), strings.Repeat("^", max(1, utf8.RuneCountInString(text[f.Start:end]))))
		if f.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", f.Fix)
		}
	}
	switch n := len(fs); n {
	case 0:
		fmt.Fprintf(w, "%s: no findings\n", name)
	default:
		fmt.Fprintf(w, "%s: %d finding%s: %d block, %d warn\n", name, n, map[bool]string{true: "", false: "s"}[n == 1], risk.Blocks(fs), risk.Warns(fs))
	}
}

// sanitize makes untrusted text safe to print on a terminal: control
// characters, bidi overrides and zero-width characters become '?', one for
// one, so columns still line up.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r),
			r >= 0x200B && r <= 0x200F, r == 0xFEFF, r == 0x2028, r == 0x2029:
			return '?'
		}
		return r
	}, s)
}
