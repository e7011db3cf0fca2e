package app

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/risk"
)

// CheckRequest is `dutydesk check` as typed.
type CheckRequest struct {
	Config  string // a config file whose [risk] table tunes the checks; "" for none
	File    string // the draft's file; "-" for standard input
	JSON    bool   // print the result as JSON
	Urgency bool   // classify an inbound message instead of checking a draft
}

// maxCheckInput bounds what check reads: a draft is a few hundred bytes.
const maxCheckInput = 10 << 20

// Check checks the draft in r.File (or classifies the message, with
// r.Urgency) and writes the result to w as text or JSON. flagged is true
// when a finding was made, or the message is not routine.
func Check(r CheckRequest, stdin io.Reader, w io.Writer) (flagged bool, err error) {
	cfg := risk.Config{}
	if r.Config != "" {
		if cfg, err = config.LoadRisk(r.Config); err != nil {
			return false, err
		}
	}
	checker, err := risk.New(cfg)
	if err != nil {
		return false, fmt.Errorf("%s: %w", r.Config, err)
	}
	text, err := readDraft(r.File, stdin)
	if err != nil {
		return false, err
	}
	if r.Urgency {
		u := checker.Urgency(text)
		if r.JSON {
			err = writeJSON(w, urgencyJSON(u))
		} else {
			u.WriteText(w)
		}
		return u.Level != risk.Routine, err
	}
	findings := checker.Check(text)
	if r.JSON {
		if findings == nil {
			findings = []risk.Finding{}
		}
		err = writeJSON(w, findings)
	} else {
		display := r.File
		if display == "-" {
			display = "<stdin>"
		}
		risk.WriteFindings(w, display, text, findings)
	}
	return len(findings) > 0, err
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

// readDraft reads the file name, or stdin for "-", refusing what is far
// longer than any draft.
func readDraft(name string, stdin io.Reader) (string, error) {
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
