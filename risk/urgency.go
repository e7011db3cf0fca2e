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
	// AdviceSelfHarm is added to AdviceUrgent when a message speaks of
	// suicide or self-harm.
	AdviceSelfHarm = "If you are thinking of ending your life or harming yourself, you can talk to Samaritans " +
		"any time, free, on 116 123."
	AdviceCrimeReport = "Please report this by calling 101 or online at your police force's website, " +
		"and don't post personal details here. In an emergency always call 999."
)

// Urgency classifies an inbound message: Urgent (life at risk or a crime
// happening now: advise 999), Possible (a harm signal without enough to be
// sure: a person must look now), CrimeReport (advise 101 or online) or
// Routine. It reads concepts, not phrases: a family of harm ("medical",
// "weapons" …), immediacy, pleas and who is at risk, lowered by negation,
// past framing, advice-seeking and idioms; the learned model may raise the
// level. The Reason quotes the words that decided it.
func (c *Checker) Urgency(text string) Urgency { return c.urgencyWith(text, true) }

// urgencyWith classifies text, with or without the learned model (the
// corpus tests measure what the model adds).
func (c *Checker) urgencyWith(text string, useModel bool) Urgency {
	var tb [96]utok
	var hb [32]hit
	toks := urgencyTokens(text, tb[:0])
	a := analyse(text, toks, c.urgency, hb[:0])
	level := a.ruleLevel()
	// The model only raises routine or a crime report to possible: urgent
	// rings every console and, off duty, posts a reply, so it needs words
	// the reason can quote.
	byModel := false
	if useModel && level < Possible && urgencyModel().score(&a, toks, level) >= urgencyModel().possible {
		level, byModel = Possible, true
	}
	return a.urgency(level, byModel)
}

// urgency writes the level's reason, advice and signals.
func (a *analysis) urgency(level Level, byModel bool) Urgency {
	u := Urgency{Level: level, Signals: []string{}}
	f := a.best()
	if level.Flagged() {
		if f >= 0 {
			u.Signals = append(u.Signals, families[f])
		}
		for g := range families {
			if g != f && a.strong[g] > 0 {
				u.Signals = append(u.Signals, families[g])
			}
		}
		if a.kinds[ckImm] > 0 {
			u.Signals = append(u.Signals, SignalImmediacy)
		}
		if a.kinds[ckDistress] > 0 || a.shout {
			u.Signals = append(u.Signals, SignalDistress)
		}
		if byModel {
			u.Signals = append(u.Signals, SignalModel)
		}
	}
	if a.kinds[ckNoReply] > 0 {
		u.Signals = append(u.Signals, SignalNoReply)
	}
	var why strings.Builder
	switch level {
	case Urgent, Possible:
		if level == Urgent {
			why.WriteString("life at risk")
		} else {
			why.WriteString("may be an emergency, check now")
		}
		switch {
		case f >= 0:
			fmt.Fprintf(&why, " (%s): %q", strings.ReplaceAll(families[f], "_", " "), a.quote(a.famHit[f]))
		case a.help != nil:
			fmt.Fprintf(&why, " (a cry for help): %q", a.quote(*a.help))
		}
		if a.kinds[ckImm] > 0 {
			fmt.Fprintf(&why, " … %q", a.quote(a.kindHit[ckImm]))
		}
		if byModel {
			why.WriteString(" (learned model)")
		}
		u.Advice = AdviceUrgent
		if u.Has(SignalSelfHarm) {
			u.Advice += " " + AdviceSelfHarm
		}
	case CrimeReport:
		h := a.kindHit[ckCrime]
		if a.kinds[ckCrime] == 0 && f >= 0 {
			h = a.famHit[f]
		}
		fmt.Fprintf(&why, "reports a crime: %q", a.quote(h))
		u.Advice = AdviceCrimeReport
	}
	u.Reason = why.String()
	return u
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
