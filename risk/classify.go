package risk

import (
	"strings"
)

// maxFamilies bounds the harm families (harmCues plus the team's words).
const maxFamilies = 16

// hit is one cue found in a message, with its byte span and first token.
type hit struct {
	c          *cue
	start, end int32
	tok        int32
}

// maxHits bounds the cues counted in one message, so a long or hostile
// text costs time in proportion to its length.
const maxHits = 256

// analysis is what the cues say about one message.
type analysis struct {
	text   string
	hits   []hit
	strong [maxFamilies]int8 // distinct strong cues per family
	weak   [maxFamilies]int8 // distinct weak cues per family
	weight [maxFamilies]int8 // their weights added, at most 100
	kinds  [numCueKinds]int8 // distinct cues per kind
	// firstHit is the first hit per family (strong preferred) and per kind,
	// for quoting in the reason.
	famHit  [maxFamilies]hit
	kindHit [numCueKinds]hit
	shout   bool // mostly capital letters
	help    *hit // "help!", or a message opening with "help" that asks nothing
	asks    bool // a question mark
}

// analyse finds every cue of the base set and of extra (may be nil).
func analyse(text string, toks []utok, extra *cueSet, hits []hit) analysis {
	a := analysis{text: text, hits: hits[:0]}
	base := baseCues()
	sets := [2]*cueSet{base, extra}
	nsets := 1
	if extra != nil && len(extra.cues) > 0 {
		nsets = 2
	}
	for i := range toks {
		for _, s := range sets[:nsets] {
			n := toks[i].node
			if s != base {
				n = s.root[toks[i].stem]
			}
			for last := i; n != nil; {
				for _, idx := range n.ends {
					c := &s.cues[idx]
					if c.kind == ckHarm && !toks[i].neg && negated(toks, i) {
						continue
					}
					if c.family == famInProgress && !progressive(text, toks[i]) {
						continue // "stealing" now, not "stolen" last week
					}
					if len(a.hits) < maxHits {
						a.hits = append(a.hits, hit{c: c, start: toks[i].start, end: toks[last].end, tok: int32(i)})
					}
				}
				if last++; last >= len(toks) || n.next == nil {
					break
				}
				if n = n.next[toks[last].h]; n != nil && n.stem != toks[last].stem {
					n = nil // a hash collision: not this stem
				}
			}
		}
	}
	// A message that opens with "if" asks what to do, it does not report.
	if len(toks) > 0 && toks[0].stem == "if" {
		a.hits = append(a.hits, hit{c: &ifCue, start: toks[0].start, end: toks[0].end})
	}
	// A number of pills: "taken 30 paracetamol", "20 tablets".
	if ds := drugStems(); true {
		for i := 1; i < len(toks); i++ {
			if isNumber(text[toks[i-1].start:toks[i-1].end]) && ds[toks[i].stem] {
				a.hits = append(a.hits, hit{c: &doseCue, start: toks[i-1].start, end: toks[i].end})
				break
			}
		}
	}
	// A harm told in the simple past ("attacked my cat", "threatened me"),
	// not "has attacked", "just attacked", "been attacked".
	for _, h := range a.hits {
		if h.c.kind != ckHarm || !h.c.strong {
			continue
		}
		w := strings.ToLower(text[h.start:h.end])
		if sp := strings.IndexByte(w, ' '); sp >= 0 {
			w = w[:sp]
		}
		if !strings.HasSuffix(w, "ed") {
			continue
		}
		if i := int(h.tok); i > 0 {
			switch strings.ToLower(text[toks[i-1].start:toks[i-1].end]) {
			case "has", "have", "been", "just", "is", "are", "getting", "being", "he's", "she's", "they've", "i've", "it's",
				"hes", "shes", "i'm", "im", "am", "i", "was", "were", "be", "get", "got", "feel", "feeling", "so", "very",
				"really", "totally", "completely", "and", "now", "still":
				continue
			}
			if strings.HasSuffix(strings.ToLower(text[toks[i-1].start:toks[i-1].end]), "'s") {
				continue
			}
		}
		a.hits = append(a.hits, hit{c: &passiveCue, start: h.start, end: h.end})
		break
	}
	// "was stolen", "were taken", "got broken into": told as past.
passive:
	for i := 1; i < len(toks); i++ {
		switch toks[i-1].stem {
		case "was", "were", "got", "had":
			if w := text[toks[i].start:toks[i].end]; hasSuffixFold(w, "ed") || hasSuffixFold(w, "en") {
				a.hits = append(a.hits, hit{c: &passiveCue, start: toks[i-1].start, end: toks[i].end})
				break passive
			}
		}
	}
	// The present progressive ("is breaking in", "they're kicking him") is
	// happening now.
	for i := 1; i < len(toks); i++ {
		if t := toks[i]; t.end-t.start > 4 && hasSuffixFold(text[t.start:t.end], "ing") && isNowAux(text, toks[i-1]) {
			a.hits = append(a.hits, hit{c: &progressiveCue, start: toks[i-1].start, end: t.end})
			break
		}
	}
	// "help!" or a message opening with "help" or "sos" that asks nothing.
	for i, t := range toks {
		if t.stem != "help" && t.stem != "sos" {
			continue
		}
		bang := int(t.end) < len(text) && text[t.end] == '!'
		if bang || i == 0 && !strings.Contains(text, "?") {
			a.help = &hit{c: &helpCue, start: t.start, end: t.end}
			a.hits = append(a.hits, *a.help)
		}
		break
	}
	a.count()
	letters, upper := 0, 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
			letters++
		case c >= 'a' && c <= 'z':
			letters++
		case c == '?':
			a.asks = true
		}
	}
	a.shout = letters >= 12 && upper*10 >= letters*7
	return a
}

// negated reports whether the word before token i negates it, or the one
// before that with only a small word between ("not in danger", "no
// sign of a knife").
func negated(toks []utok, i int) bool {
	if i > 0 && toks[i-1].neg {
		return true
	}
	if i > 1 && toks[i-2].neg {
		switch toks[i-1].stem {
		case "a", "an", "ani", "any", "the", "in", "been", "be", "sign", "of":
			return true
		}
	}
	return false
}

// progressive reports whether a word is an -ing form ("stealing", "robbin").
func progressive(text string, t utok) bool {
	w := text[t.start:t.end]
	return hasSuffixFold(w, "ing") || hasSuffixFold(w, "in")
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case; suffix is lower case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func isNumber(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Cues found by position rather than by word list.
var (
	ifCue          = cue{kind: ckHypo, fam: -1, stems: []string{"if"}}
	progressiveCue = cue{kind: ckImm, fam: -1, stems: []string{"is", "-ing"}}
	passiveCue     = cue{kind: ckWeakPast, fam: -1, stems: []string{"-ed"}} // told in the past tense
	doseCue        = cue{kind: ckHarm, family: famSelfHarm, fam: familyIndex(famSelfHarm), stems: []string{"N", "pills"}, strong: true, weight: 4}
	helpCue        = cue{kind: ckDistress, fam: -1, stems: []string{"help!"}}
)

// isNowAux reports whether t is a present-tense "be": is, are, am, or a
// contraction of one ("he's", "they're", "i'm").
func isNowAux(text string, t utok) bool {
	w := strings.ToLower(strings.ReplaceAll(text[t.start:t.end], "’", "'"))
	switch w {
	case "is", "are", "am", "im", "hes", "shes", "theyre", "youre", "were":
		return w != "were"
	}
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'re") || strings.HasSuffix(w, "'m")
}

// count tallies the hits, once per cue, leaving out a hit inside a longer
// one of a harm or immediacy cue: "hit by a train" is one concept, not
// "hit" and "train" as well, and "since this morning" is not the past.
func (a *analysis) count() {
	kept := a.hits[:0]
	for i, h := range a.hits {
		inside, dup := false, false
		for j, o := range a.hits {
			if j == i {
				continue
			}
			if o.c == h.c && j < i {
				dup = true
				break
			}
			container := (o.c.kind == ckHarm || o.c.kind == ckNoReply) && h.c.kind != ckCrime ||
				o.c.kind == ckImm && (h.c.kind == ckPast || h.c.kind == ckWeakPast || h.c.kind == ckHypo || h.c.kind == ckIdiom)
			if container && o.start <= h.start && o.end >= h.end && o.end-o.start > h.end-h.start {
				inside = true
				break
			}
		}
		if !inside && !dup {
			kept = append(kept, h)
		}
	}
	a.hits = kept
	for _, h := range kept {
		a.add(h)
	}
}

func (a *analysis) add(h hit) {
	c := h.c
	if a.kinds[c.kind] == 0 {
		a.kindHit[c.kind] = h
	}
	if a.kinds[c.kind] < 100 {
		a.kinds[c.kind]++
	}
	if c.kind != ckHarm && c.kind != ckUrgent || c.fam < 0 {
		return
	}
	f := c.fam
	a.weight[f] = min(100, a.weight[f]+c.weight)
	if c.strong || c.kind == ckUrgent {
		if a.strong[f] == 0 {
			a.famHit[f] = h
		}
		a.strong[f]++
	} else {
		if a.strong[f] == 0 && a.weak[f] == 0 {
			a.famHit[f] = h
		}
		a.weak[f]++
	}
}

// harm is a family's score: two per strong cue, one per weak, four for a
// weapon in hand; at most 4.
func (a *analysis) harm(f int) int {
	return min(4, int(a.weight[f]))
}

// best returns the family with the highest harm score, -1 for none.
func (a *analysis) best() int {
	b, bs := -1, 0
	for f := range families {
		if s := a.harm(f); s > bs || s == bs && s > 0 && a.strong[f] > a.strong[b] {
			b, bs = f, s
		}
	}
	return b
}

// lowering is how much the message says the harm is not now: over, asked
// about, or a figure of speech.
func (a *analysis) lowering() int {
	return min(6, 2*int(min(a.kinds[ckPast], 2))+int(min(a.kinds[ckWeakPast], 2))+2*int(min(a.kinds[ckResolved], 2))+
		2*int(min(a.kinds[ckHypo], 2))+2*int(min(a.kinds[ckIdiom], 2)))
}

// ruleScore combines the concepts: harm, immediacy, pleas, a vulnerable
// person, minus what lowers it.
func (a *analysis) ruleScore(f int) int {
	if f < 0 {
		return 0
	}
	s := a.harm(f) + int(min(a.kinds[ckImm], 2))
	if a.kinds[ckDistress] > 0 || a.shout {
		s++
	}
	if a.kinds[ckVuln] > 0 {
		s++
	}
	others := 0
	for g := range families {
		if g != f && a.strong[g] > 0 {
			others++
		}
	}
	return s + min(others, 2) - a.lowering()
}

// ruleLevel is the level the concepts alone decide.
func (a *analysis) ruleLevel() Level {
	f := a.best()
	if f >= 0 && families[f] == famExtra && a.lowering() == 0 {
		return Urgent
	}
	score := a.ruleScore(f)
	strong := f >= 0 && a.strong[f] > 0
	inProgress := familyIndex(famInProgress)
	// Dated in the past or resolved, with nothing saying it is happening
	// again now: a report or a question, not an emergency.
	over := (a.kinds[ckPast] > 0 || a.kinds[ckResolved] > 0) && a.kinds[ckImm] == 0
	switch {
	case over:
		// fall through to the crime checks below
	case f < 0 && a.help != nil && a.lowering() == 0 && !a.asks:
		// A cry for help and nothing else: "HELP!", "help me please".
		if len(a.hits) <= 3 && len(a.text) < 40 {
			return Urgent
		}
		return Possible
	case strong && score >= 3 && a.lowering() == 0:
		return Urgent
	case a.weak[inProgress] > 0 && a.kinds[ckImm] > 0 && a.lowering() == 0 && !a.asks:
		return Urgent
	case strong && score >= 2, f >= 0 && score >= 2:
		return Possible
	}
	if a.kinds[ckCrime] > 0 || f >= 0 && a.harm(f) >= 2 && isCrimeFamily(families[f]) && a.kinds[ckHypo] == 0 && a.kinds[ckIdiom] == 0 {
		return CrimeReport
	}
	return Routine
}

func isCrimeFamily(f string) bool {
	switch f {
	case famRobbery, famSexual, famDomestic, famThreats, famWeapons, famAbduction, famInProgress:
		return true
	}
	return false
}

// quote returns the text of a hit, clipped.
func (a *analysis) quote(h hit) string {
	return clip(strings.TrimSpace(a.text[h.start:h.end]))
}
