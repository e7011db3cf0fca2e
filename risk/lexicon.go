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

// lexEntry is what one word means to a Checker: its lexicon flags and the
// index (plus one) of the list of phrases that start with it.
type lexEntry struct {
	lx      lex
	phrases int32
}

// buildLexicon merges the package lexicon with the first words of the
// Checker's phrases, so each token costs one map lookup.
func buildLexicon(p *phraseSet) (map[string]lexEntry, [][]int) {
	m := make(map[string]lexEntry, len(lexicon)+len(p.first))
	for w, f := range lexicon {
		m[w] = lexEntry{lx: f}
	}
	lists := make([][]int, 0, len(p.first))
	for w, idx := range p.first {
		e := m[w]
		lists = append(lists, idx)
		e.phrases = int32(len(lists))
		m[w] = e
	}
	return m, lists
}

// maxLexWord is the longest token looked up in the lexicon; longer tokens
// match no flag and go to the phrase map directly.
const maxLexWord = 24

// classify sets each token's lexicon flags and phrase list.
func classify(toks []token, low string, m map[string]lexEntry) {
	for i := range toks {
		t := &toks[i]
		if t.end-t.start <= maxLexWord {
			e := m[low[t.start:t.end]]
			t.lx, t.phrases = e.lx, e.phrases
		}
	}
}
