package risk

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// cueKind is what a matched cue says about a message.
type cueKind uint8

const (
	ckHarm     cueKind = iota // a harm family (strong or weak)
	ckImm                     // immediacy: now, just, still, tonight …
	ckDistress                // a plea: help, please, 😭
	ckPast                    // dated in the past: last week, years ago
	ckWeakPast                // maybe past: earlier, yesterday, thanks
	ckResolved                // over and safe: sorted, found safe, no one hurt
	ckHypo                    // advice-seeking, "what should I do if"
	ckIdiom                   // a harm word in a joke or idiom
	ckNoReply                 // "don't reply, he reads this"
	ckVuln                    // a child, an elderly person, alone
	ckCrime                   // a crime to report (101)
	ckUrgent                  // the team's own urgent words: urgent alone
	numCueKinds
)

// cue is one stemmed phrase and what it means.
type cue struct {
	stems  []string
	kind   cueKind
	family string
	fam    int8 // index into families, -1 when not a harm cue
	strong bool
	weight int8 // harm: 1 weak, 2 strong, 4 a weapon in hand
}

// families lists the harm families in the order of harmCues, then the
// team's own urgent words.
var families = func() []string {
	var out []string
	for _, h := range harmCues {
		out = append(out, h.family)
	}
	return append(out, famExtra)
}()

func familyIndex(f string) int8 {
	for i, x := range families {
		if x == f {
			return int8(i)
		}
	}
	return -1
}

// cueSet finds cues on a stemmed token list: a trie of stems, so each
// token costs a map lookup per word of the longest cue starting there.
type cueSet struct {
	root map[string]*cueNode
	cues []cue
}

// cueNode is one stem along a cue: the cues that end here and the stems
// that may follow.
type cueNode struct {
	stem string
	ends []int32
	next map[uint64]*cueNode // by stemHash of the next stem
}

func newCueSet() *cueSet { return &cueSet{root: map[string]*cueNode{}} }

// add stems the words of phrase and records it; phrases of only stop words
// are kept (they are stems too).
func (s *cueSet) add(phrase string, c cue) {
	toks := tokenizeUrgency(phrase, nil)
	if len(toks) == 0 {
		return
	}
	c.fam = familyIndex(c.family)
	if c.weight == 0 {
		c.weight = 1
		if c.strong {
			c.weight = 2
		}
	}
	for _, t := range toks {
		c.stems = append(c.stems, t.stem)
	}
	n := s.root[c.stems[0]]
	if n == nil {
		n = &cueNode{stem: c.stems[0]}
		s.root[c.stems[0]] = n
	}
	for k, st := range c.stems[1:] {
		if n.next == nil {
			n.next = map[uint64]*cueNode{}
		}
		next := n.next[toks[k+1].h]
		if next == nil {
			next = &cueNode{stem: st}
			n.next[toks[k+1].h] = next
		}
		n = next
	}
	for _, i := range n.ends { // the same phrase twice: keep the stronger
		if o := &s.cues[i]; o.kind == c.kind && o.family == c.family {
			o.strong = o.strong || c.strong
			o.weight = max(o.weight, c.weight)
			return
		}
	}
	n.ends = append(n.ends, int32(len(s.cues)))
	s.cues = append(s.cues, c)
}

var buildBaseCues = sync.OnceValue(func() *cueSet {
	s := newCueSet()
	for _, h := range harmCues {
		for _, p := range h.strong {
			s.add(p, cue{kind: ckHarm, family: h.family, strong: true})
		}
		for _, p := range h.weak {
			s.add(p, cue{kind: ckHarm, family: h.family})
		}
	}
	for _, pr := range dangerPreps {
		for _, pl := range dangerPlaces {
			s.add(pr+" "+pl, cue{kind: ckHarm, family: famDanger, strong: true})
		}
	}
	for _, act := range roadActs {
		for _, r := range roads {
			s.add(act+" "+r, cue{kind: ckHarm, family: famDanger, strong: true})
		}
	}
	for _, v := range violentVerbs {
		s.add(v, cue{kind: ckHarm, family: famRobbery})
		for _, aux := range violentAux {
			s.add(aux+" "+v, cue{kind: ckHarm, family: famRobbery, strong: true})
		}
		for _, who := range victims {
			s.add(v+" "+who, cue{kind: ckHarm, family: famRobbery, strong: true})
		}
	}
	for _, d := range drugs {
		s.add(d, cue{kind: ckHarm, family: famSelfHarm})
	}
	for _, act := range weaponActs {
		for _, w := range weaponNouns {
			s.add(act+" "+w, cue{kind: ckHarm, family: famWeapons, strong: true, weight: 4})
		}
	}
	for _, l := range []struct {
		words []string
		kind  cueKind
	}{
		{immediacyCues, ckImm}, {distressCues, ckDistress}, {pastCues, ckPast}, {weakPastCues, ckWeakPast},
		{resolvedCues, ckResolved}, {hypotheticalCues, ckHypo},
		{idiomCues, ckIdiom}, {noReplyCues, ckNoReply}, {vulnerableCues, ckVuln}, {crimeWords, ckCrime},
	} {
		for _, p := range l.words {
			s.add(p, cue{kind: l.kind})
		}
	}
	return s
})

// baseCues is the built-in cue set, built once; from then on words are
// cached with their place in it.
func baseCues() *cueSet {
	if s := baseSet.Load(); s != nil {
		return s
	}
	s := buildBaseCues()
	baseSet.Store(s)
	return s
}

// drugStems are the stems of drugs, for "taken 30 paracetamol".
var drugStems = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, d := range drugs {
		if t := tokenizeUrgency(d, nil); len(t) > 0 {
			m[t[len(t)-1].stem] = true
		}
	}
	return m
})

// utok is one word (or emoji, or "!!") of an inbound message with its stem.
type utok struct {
	start, end int32
	stem       string
	node       *cueNode // built-in cues starting here
	h          uint64   // hash of the stem, for the model
	neg        bool     // a negator
}

func wordTok(start, end int32, b []byte) utok {
	e := lookupWord(b)
	return utok{start: start, end: end, stem: e.stem, node: e.node, h: e.h, neg: e.neg}
}

// isEmoji reports whether r is a pictograph worth a token of its own.
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r == 0x2B50 || r == 0x2764
}

// urgencyTokens splits text into stemmed words: letters and digits with
// apostrophes inside, each emoji alone, and a run of two or more "!" as
// "!!". Words are lower-cased, respelled (txt-speak, dialect) and stemmed.
func urgencyTokens(text string, buf []utok) []utok {
	baseCues() // so every token knows its place in the built-in cues
	return tokenizeUrgency(text, buf)
}

// tokenizeUrgency is urgencyTokens without building the built-in cues
// first: what building them uses.
func tokenizeUrgency(text string, buf []utok) []utok {
	toks := buf[:0]
	var low [maxLexWord * 4]byte
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		if c < utf8.RuneSelf && !isAlnum(c) {
			if c == '!' && i+1 < n && text[i+1] == '!' {
				j := i
				for j < n && text[j] == '!' {
					j++
				}
				toks = append(toks, wordTok(int32(i), int32(j), []byte("!!")))
				i = j
				continue
			}
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(text[i:])
			if isEmoji(r) {
				toks = append(toks, wordTok(int32(i), int32(i+w), []byte(text[i:i+w])))
				i += w
				continue
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += w
				continue
			}
		}
		// A word: letters, digits, and apostrophes between letters.
		start := i
		b := low[:0]
		long := false
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				switch {
				case c >= 'A' && c <= 'Z':
					c += 'a' - 'A'
				case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				case c == '\'' && i > start && i+1 < n && isLetterAt(text, i+1):
				default:
					goto done
				}
				if len(b) < len(low) {
					b = append(b, c)
				} else {
					long = true
				}
				i++
				continue
			}
			r, w := utf8.DecodeRuneInString(text[i:])
			if r == '’' && i > start && i+w < n && isLetterAt(text, i+w) {
				if len(b) < len(low) {
					b = append(b, '\'')
				}
				i += w
				continue
			}
			if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break
			}
			if len(b)+utf8.UTFMax <= len(low) {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			} else {
				long = true
			}
			i += w
		}
	done:
		if long {
			b = append(b[:0], "\x00long"...)
		}
		toks = append(toks, wordTok(int32(start), int32(i), b))
	}
	return toks
}
