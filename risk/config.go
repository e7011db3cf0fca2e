package risk

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dutydesk/dutydesk/internal/fielderr"
)

// Config tunes the checks for one team. It is the [risk] table of the
// dutydesk config file, decoded as it stands; the zero Config gives the
// default checks.
type Config struct {
	// AllowNumbers are phone numbers that may always be posted, such as the
	// station's own front desk. Spaces, dashes, brackets and a +44 prefix are
	// ignored when comparing. 999, 101, 111, 112, Crimestoppers
	// (0800 555 111) and Samaritans (116 123) are always allowed and need not
	// be listed.
	AllowNumbers []string `toml:"allow_numbers"`

	// Allow is text that is never flagged, whatever the kind, compared without
	// regard to case with the flagged text: the team's email address, the
	// station's street address, a landmark that looks like a name.
	Allow []string `toml:"allow"`

	// ExtraWords adds words or phrases to a kind, keyed by kind name
	// ("prejudice", "profanity", "sarcasm", or any other kind such as
	// "named_person" for names that must never appear). Matching ignores case
	// and is on whole words; a trailing * matches any ending ("scrot*").
	// The keys "urgent" and "crime_report" add signals to the inbound
	// urgency classifier instead.
	ExtraWords map[string][]string `toml:"extra_words"`

	// Severity overrides the severity of every finding of a kind, keyed by
	// kind name, with the value "block" or "warn". For example
	// prejudice = "block" stops prejudging words being posted unapproved.
	Severity map[string]string `toml:"severity"`

	// ReferencePattern is a regular expression (Go RE2 syntax) for the
	// force's own crime, incident or custody reference format, found even
	// without a keyword such as "crime ref". Matches are reported as kind
	// "reference". Empty means keyword + number only.
	ReferencePattern string `toml:"reference_pattern"`
}

// Validate reports the first problem with c as a *fielderr.FieldError naming
// the key as it is written in the config file.
func (c Config) Validate() error {
	for _, k := range sortedKeys(c.Severity) {
		if !Kind(k).Valid() {
			return fielderr.New("risk.severity", "unknown kind %q (want one of %s)", k, kindList())
		}
		if v := c.Severity[k]; v != string(Block) && v != string(Warn) {
			return fielderr.New("risk.severity."+k, "%q is not a severity (want \"block\" or \"warn\")", v)
		}
	}
	for _, k := range sortedKeys(c.ExtraWords) {
		if !Kind(k).Valid() && k != extraUrgent && k != extraCrime {
			return fielderr.New("risk.extra_words", "unknown kind %q (want one of %s, %s, %s)", k, kindList(), extraUrgent, extraCrime)
		}
		for i, w := range c.ExtraWords[k] {
			if len(splitPhrase(w)) == 0 {
				return fielderr.New(fmt.Sprintf("risk.extra_words.%s[%d]", k, i), "%q has no words", w)
			}
		}
	}
	for i, n := range c.AllowNumbers {
		if d := digitsOf(n); len(d) < 3 {
			return fielderr.New(fmt.Sprintf("risk.allow_numbers[%d]", i), "%q is not a phone number (want digits such as \"01228 528191\")", n)
		}
	}
	if c.ReferencePattern != "" {
		re, err := regexp.Compile(c.ReferencePattern)
		if err != nil {
			return &fielderr.FieldError{Key: "risk.reference_pattern", Err: err}
		}
		if re.MatchString("") {
			return fielderr.New("risk.reference_pattern", "%q matches empty text; it must match a reference number", c.ReferencePattern)
		}
	}
	return nil
}

const (
	extraUrgent = "urgent"
	extraCrime  = "crime_report"
)

func kindList() string {
	var b strings.Builder
	for i, k := range Kinds() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(k))
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// digitsOf returns the national form of a phone number's digits: "+44 (0)1228
// 528191" and "01228-528191" both give "01228528191".
func digitsOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	d := string(b)
	intl := strings.HasPrefix(strings.TrimSpace(s), "+") || strings.HasPrefix(d, "0044")
	if intl {
		d = strings.TrimPrefix(d, "00")
		if strings.HasPrefix(d, "44") {
			d = d[2:]
			if strings.HasPrefix(d, "0") {
				return d // +44 (0)1228 …
			}
			return "0" + d
		}
	}
	return d
}
