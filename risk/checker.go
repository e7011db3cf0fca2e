package risk

import (
	"regexp"
	"sort"
	"strings"
)

// Checker runs the draft checks and the urgency classifier for one Config.
// Build it once with New; it is safe for concurrent use.
type Checker struct {
	severity map[Kind]Severity
	words    *phraseSet // tone lists and extra words
	urgency  *cueSet    // the team's extra urgent and crime words
	allowNum map[string]bool
	allow    map[string]bool
	ref      *regexp.Regexp
	lexicon  map[string]lexEntry // one lookup per token: flags and phrases
	lists    [][]int             // phrase lists indexed by lexEntry.phrases-1
}

// New validates c and builds a Checker from it, compiling every pattern once.
func New(c Config) (*Checker, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ch := &Checker{
		severity: map[Kind]Severity{},
		words:    newPhraseSet(),
		urgency:  newCueSet(),
		allowNum: set("0800555111", "116123"), // Crimestoppers, Samaritans
		allow:    map[string]bool{},
	}
	for k, v := range c.Severity {
		ch.severity[Kind(k)] = Severity(v)
	}
	for _, n := range c.AllowNumbers {
		ch.allowNum[digitsOf(n)] = true
	}
	for _, a := range c.Allow {
		ch.allow[strings.ToLower(strings.TrimSpace(a))] = true
	}
	if c.ReferencePattern != "" {
		ch.ref = regexp.MustCompile(c.ReferencePattern) // Validate compiled it
	}
	for _, w := range prejudiceWords {
		ch.words.add(w, phrase{kind: Prejudice, sev: Warn, unless: prejudiceUnless,
			reason: "prejudges a suspect before any court has",
			fix:    "state the facts: \"a man has been arrested on suspicion of …\""})
	}
	for _, w := range profanityWords {
		ch.words.add(w, phrase{kind: Profanity, sev: Warn,
			reason: "swearing or an insult in a police post",
			fix:    "remove it; keep the tone calm and professional"})
	}
	for _, w := range sarcasmWords {
		ch.words.add(w, phrase{kind: Sarcasm, sev: Warn,
			reason: "sarcasm at the public's expense reads as contempt",
			fix:    "answer the point plainly and politely"})
	}
	for _, k := range sortedKeys(c.ExtraWords) {
		for _, w := range c.ExtraWords[k] {
			switch k {
			case extraUrgent:
				ch.urgency.add(w, cue{kind: ckUrgent, family: famExtra, strong: true})
			case extraCrime:
				ch.urgency.add(w, cue{kind: ckCrime})
			default:
				kind := Kind(k)
				ch.words.add(w, phrase{kind: kind, sev: defaultSeverity(kind),
					reason: "on this team's list of words to check (" + k + ")",
					fix:    fixFor[kind]})
			}
		}
	}
	ch.lexicon, ch.lists = buildLexicon(ch.words)
	return ch, nil
}

// defaultChecker serves the package-level Check; it is never modified.
var defaultChecker, _ = New(Config{})

// Check runs the draft checks on text with config c. It builds a Checker
// each call; callers checking often should build one with New. If c is not
// valid the default checks are run and c is ignored; call c.Validate or New
// to see why.
func Check(text string, c Config) []Finding {
	ch, err := New(c)
	if err != nil {
		ch = defaultChecker
	}
	return ch.Check(text)
}

func defaultSeverity(k Kind) Severity {
	switch k {
	case Prejudice, Profanity, Sarcasm:
		return Warn
	}
	return Block
}

// fixFor is the usual suggested fix per kind.
var fixFor = map[Kind]string{
	Plate:       "leave the registration out, or describe the vehicle: \"a silver Ford Focus\"",
	Postcode:    "give the area, not the postcode: \"in the Currock area\"",
	Address:     "give the street or the area, never the house number: \"on Leopold Street\"",
	Phone:       "remove the number; point people to 101, 999 or the station's listed number",
	Email:       "remove the address; ask them to send a direct message or use online reporting",
	DOB:         "remove the date of birth; an age is enough: \"a man in his 30s\"",
	NINumber:    "remove the National Insurance number",
	NamedPerson: "say \"a 34-year-old man from Salford\" instead of a name with an age and a place",
	Child:       "never identify a child: no name, no school; \"a teenager\" is enough",
	Victim:      "never name a victim or witness: \"a woman in her 40s\"",
	Reference:   "send reference numbers by direct message, never in a public post",
	Prejudice:   "state the facts: \"a man has been arrested on suspicion of …\"",
	Profanity:   "remove it; keep the tone calm and professional",
	Sarcasm:     "answer the point plainly and politely",
}

// Check runs every draft check on text and returns the findings sorted by
// Start (then End, then Kind). It never panics, whatever the input.
func (c *Checker) Check(text string) []Finding { return c.check(text, false) }

// CheckAppeal runs the draft checks on the text of an appeal: a post marked
// as asking the public to find a missing person, a wanted person or
// witnesses. The appeal is the disclosure, so the person it names — with an
// age and a place, a child too — is not flagged; everything else is, as in
// Check: plates, addresses, phone numbers, dates of birth, a named victim or
// witness, references, tone.
func (c *Checker) CheckAppeal(text string) []Finding { return c.check(text, true) }

func (c *Checker) check(text string, appeal bool) []Finding {
	var buf [256]token
	toks := tokenize(text, buf[:0])
	low := lowerASCIIText(text)
	classify(toks, low, c.lexicon)
	sc := &scan{c: c, s: text, low: low, toks: toks, appeal: appeal}
	cur := 0
	emit := func(ph *phrase, last int) {
		sc.add(ph.kind, ph.sev, int(toks[cur].start), int(toks[last].end), ph.reason, ph.fix)
	}
	for i := range toks {
		t := &toks[i]
		if t.digits > 0 {
			sc.plate(i)
			sc.postcode(i)
			sc.address(i)
			sc.date(i)
			sc.namedAge(i)
		} else if t.letters >= 2 && t.letters <= 3 {
			sc.plate(i)
		}
		if t.letters > 0 {
			sc.ni(i)
		}
		if t.lx&lxRefKey != 0 {
			sc.reference(i)
		}
		if t.lx&lxMonth != 0 {
			sc.date(i)
		}
		cur = i
		var list []int
		if t.phrases > 0 {
			list = c.lists[t.phrases-1]
		}
		// Tokens classify looked up have their list; others (long or
		// non-ASCII words) are looked up by each.
		looked := t.ascii && t.end-t.start <= maxLexWord
		c.words.each(text, low, toks, i, list, looked, emit)
	}
	sc.phones()
	sc.emails()
	sc.context()
	if c.ref != nil {
		for _, m := range c.ref.FindAllStringIndex(text, -1) {
			if m[1] > m[0] {
				sc.add(Reference, Block, m[0], m[1], "matches this force's reference-number format", fixFor[Reference])
			}
		}
	}
	return sc.result()
}

// scan holds one Check call's working state.
type scan struct {
	c    *Checker
	s    string
	low  string // s with ASCII letters lowered; same byte offsets
	toks []token
	out  []Finding
	// appeal: the text is an appeal, whose named person is no finding.
	appeal bool
}

func (sc *scan) add(k Kind, sev Severity, start, end int, reason, fix string) {
	if start < 0 || end > len(sc.s) || start >= end {
		return
	}
	text := sc.s[start:end]
	if len(sc.c.allow) > 0 && sc.c.allow[strings.ToLower(text)] {
		return
	}
	if s, ok := sc.c.severity[k]; ok {
		sev = s
	}
	if fix == "" {
		fix = fixFor[k]
	}
	sc.out = append(sc.out, Finding{Kind: k, Severity: sev, Start: start, End: end, Text: text, Reason: reason, Fix: fix})
}

// result sorts the findings and drops one of any two of the same kind that
// overlap (the longer is kept).
func (sc *scan) result() []Finding {
	fs := sc.out
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Start != fs[j].Start {
			return fs[i].Start < fs[j].Start
		}
		if fs[i].End != fs[j].End {
			return fs[i].End > fs[j].End
		}
		return fs[i].Kind < fs[j].Kind
	})
	out := fs[:0]
	for _, f := range fs {
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-8; k-- {
			if out[k].Kind == f.Kind && f.Start < out[k].End {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (sc *scan) tok(i int) string { return sc.toks[i].text(sc.s) }

// lw returns token i with ASCII letters in lower case, or "" if there is
// no token i. It slices the text lowered once per Check, so it is free.
func (sc *scan) lw(i int) string {
	if i < 0 || i >= len(sc.toks) {
		return ""
	}
	return sc.low[sc.toks[i].start:sc.toks[i].end]
}

// spaced reports whether tokens i and i+1 exist and are separated by spaces only.
func (sc *scan) spaced(i int) bool {
	return i >= 0 && i+1 < len(sc.toks) && isSpace(gap(sc.s, sc.toks, i, i+1))
}
