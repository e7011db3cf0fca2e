package risk

// lex is a set of flags saying what a lower-cased word is to the checks,
// looked up once per token so the detectors test bits, not maps.
type lex uint32

const (
	lxRefKey lex = 1 << iota
	lxMonth
	lxVictimNoun
	lxVictimVerb
	lxChildNoun
	lxPersonStart // a first name or Mr/Mrs/Ms/Miss/Mx/Dr
	lxSchool
)

// lexicon maps a lower-case word to its flags; built once, never changed.
var lexicon = func() map[string]lex {
	m := map[string]lex{}
	add := func(words map[string]bool, f lex) {
		for w := range words {
			m[w] |= f
		}
	}
	add(refKeys, lxRefKey)
	for w := range months {
		m[w] |= lxMonth
	}
	add(victimNouns, lxVictimNoun)
	add(victimVerbs, lxVictimVerb)
	add(childNouns, lxChildNoun)
	add(firstNames, lxPersonStart)
	add(personTitles, lxPersonStart)
	add(schoolWords, lxSchool)
	return m
}()

// classify sets each word token's lexicon flags.
func classify(toks []token, low string) {
	for i := range toks {
		t := &toks[i]
		if t.digits == 0 && t.end-t.start <= 16 {
			t.lx = lexicon[low[t.start:t.end]]
		}
	}
}
