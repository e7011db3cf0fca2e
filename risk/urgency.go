package risk

import (
	"fmt"
	"strings"
)

// Level is how urgently an inbound message needs a human, and what to advise.
type Level int

const (
	// Routine is a question the team answers in the normal way.
	Routine Level = iota
	// CrimeReport is a crime being reported: advise 101 or online reporting.
	CrimeReport
	// Possible may be an emergency: a harm signal without enough to be sure.
	// A person must look now ("check now"); it sorts directly under Urgent,
	// is never acknowledged automatically, and counts as flagged.
	Possible
	// Urgent is a life at risk or a crime in progress: advise 999 now. Urgent
	// questions sort to the top and are never acknowledged silently.
	Urgent
)

// String returns "routine", "crime_report" or "urgent".
func (l Level) String() string {
	switch l {
	case Routine:
		return "routine"
	case CrimeReport:
		return "crime_report"
	case Possible:
		return "possible"
	case Urgent:
		return "urgent"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Flagged reports whether a person must look at the message now: urgent or possible.
func (l Level) Flagged() bool { return l >= Possible }

// MarshalText writes the level as its String, so JSON shows "urgent".
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Urgency is the classification of one inbound message.
type Urgency struct {
	Level  Level  `json:"level"`
	Reason string `json:"reason,omitempty"` // what triggered it, quoting the message
	Advice string `json:"advice,omitempty"` // what to tell the sender
	// Signals names the concepts that decided the level, for example
	// "self_harm", "medical", "immediacy", "no_reply" (the sender asks not to
	// be answered: a reply could endanger them). See the Signal constants.
	Signals []string `json:"signals"`
}

// Has reports whether the named signal contributed to the level.
func (u Urgency) Has(signal string) bool {
	for _, s := range u.Signals {
		if s == signal {
			return true
		}
	}
	return false
}

// Signals callers act on. Harm families add their own names ("medical",
// "domestic_violence", "weapons" …); these are the ones with consequences.
const (
	// SignalSelfHarm: suicidal intent or self-harm; advice adds Samaritans 116 123.
	SignalSelfHarm = "self_harm"
	// SignalNoReply: the sender asks not to be replied to ("don't reply, he reads
	// this"); the desk must not post anything back, and says why.
	SignalNoReply = "no_reply"
)

// Advice texts, for callers that reply with them.
const (
	AdviceUrgent = "If anyone is in danger or a crime is happening now, call 999 straight away " +
		"(text 999 if you have registered with emergencySMS). This account is not monitored all the time."
	AdviceCrimeReport = "Please report this by calling 101 or online at your police force's website, " +
		"and don't post personal details here. In an emergency always call 999."
)

const (
	tagUrgent   = "urgent"
	tagCrime    = "crime"
	tagProgress = "progress"
	tagNow      = "now"
)

// Urgency classifies an inbound message: Urgent (life at risk or crime in
// progress, advise 999), CrimeReport (advise 101 or online) or Routine.
// When in doubt between levels it chooses the more urgent one.
func (c *Checker) Urgency(text string) Urgency {
	var buf [128]token
	toks := tokenize(text, buf[:0])
	low := lowerASCIIText(text)
	var urgent, crime, progress, now string
	note := func(dst *string, a, b int) {
		if *dst == "" {
			*dst = text[a:b]
		}
	}
	for i := range toks {
		c.urgency.each(text, low, toks, i, nil, false, func(ph *phrase, last int) {
			a, b := int(toks[i].start), int(toks[last].end)
			switch ph.tag {
			case tagUrgent:
				note(&urgent, a, b)
			case tagCrime:
				note(&crime, a, b)
			case tagProgress:
				note(&progress, a, b)
				note(&crime, a, b)
			case tagNow:
				note(&now, a, b)
			}
		})
	}
	// "help" opening a message that asks no question, or "help!".
	if urgent == "" && len(toks) > 0 {
		for i, t := range toks {
			if low[t.start:t.end] != "help" {
				continue
			}
			e := int(t.end)
			bang := e < len(text) && text[e] == '!'
			if bang || i == 0 && !strings.Contains(text, "?") {
				urgent = text[t.start:e]
				break
			}
		}
	}
	switch {
	case urgent != "":
		return Urgency{Level: Urgent, Reason: fmt.Sprintf("life at risk or crime in progress: %q", clip(urgent)), Advice: AdviceUrgent}
	case progress != "" && now != "":
		return Urgency{Level: Urgent, Reason: fmt.Sprintf("crime in progress: %q … %q", clip(progress), clip(now)), Advice: AdviceUrgent}
	case crime != "":
		return Urgency{Level: CrimeReport, Reason: fmt.Sprintf("reports a crime: %q", clip(crime)), Advice: AdviceCrimeReport}
	}
	return Urgency{Level: Routine}
}

func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	for i := 40; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i] + "…"
		}
	}
	return s
}

// urgentUnless cancels an urgent signal when it is the word just before it
// ("not in danger"); life-at-risk phrases overlap enough that a real
// emergency still matches another way.
var urgentUnless = []string{"not", "no", "isn't", "isnt", "wasn't", "nothing", "never"}
