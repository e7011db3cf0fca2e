package risk

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
)

// The urgency classifier compares words by their Snowball (Porter2) stems,
// so "stabbing", "stabbed" and "stabs" are one cue and no list spells out
// word forms. Before stemming, txt-speak, dialect and common misspellings
// are mapped to the word they stand for ("pls" → please, "some1" →
// someone, "bairn" → child, "breath" → breathe).

// spelling maps a lower-case token to the word it stands for.
var spelling = map[string]string{
	// txt-speak
	"pls": "please", "plz": "please", "plse": "please", "pleeease": "please", "pleease": "please",
	"u": "you", "ur": "your", "r": "are", "ppl": "people", "sum1": "someone", "some1": "someone",
	"any1": "anyone", "no1": "nobody", "every1": "everyone", "sumone": "someone", "smone": "someone",
	"rn": "now", "nw": "now", "atm": "now", "asap": "now", "2nite": "tonight", "tonite": "tonight", "2night": "tonight",
	"gonna": "going", "gunna": "going", "wanna": "want", "gotta": "must", "tryna": "trying",
	"cos": "because", "coz": "because", "cuz": "because", "bc": "because", "b4": "before",
	"wat": "what", "wot": "what", "wats": "what's", "whats": "what's", "thx": "thanks", "ta": "thanks",
	"cant": "can't", "cnt": "can't", "dont": "don't", "wont": "won't", "isnt": "isn't", "wasnt": "wasn't",
	"didnt": "didn't", "doesnt": "doesn't", "aint": "isn't", "havent": "haven't", "hasnt": "hasn't",
	"couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "arent": "aren't",
	"hes": "he's", "shes": "she's", "im": "i'm", "ive": "i've", "theyre": "they're", "theres": "there's",
	"thats": "that's", "youre": "you're", "weve": "we've", "were": "were",
	"breath": "breathe", "breating": "breathing", "breething": "breathing", "brething": "breathing",
	"unconcious": "unconscious", "unconsious": "unconscious", "consious": "conscious", "concious": "conscious",
	"responsive": "responsive", "respondin": "responding", "breathin": "breathing",
	"stabed": "stabbed", "stabing": "stabbing", "kniffe": "knife", "nife": "knife",
	"sucide": "suicide", "suicde": "suicide", "suiside": "suicide", "overdosed": "overdosed", "od": "overdose", "od'd": "overdosed", "oded": "overdosed",
	"tabs": "tablets", "meds": "medication",
	"kidnaped": "kidnapped", "rapped": "raped",
	"agen": "again", "agin": "again", "tho": "though", "thru": "through",
	"pple": "people", "hlp": "help", "halp": "help", "helpp": "help", "helppp": "help",
	// dialect (Cumbrian, Geordie, Scots) and slang
	"bairn": "child", "bairns": "children", "wean": "child", "weans": "children", "kiddie": "child",
	"lass": "girl", "lassie": "girl", "lasses": "girls", "lad": "boy", "lads": "boys", "laddie": "boy",
	"fella": "man", "fellas": "men", "bloke": "man", "blokes": "men", "gadgie": "man", "geezer": "man",
	"mam": "mum", "mammy": "mum", "ma": "my", "me": "me", "wor": "our", "oor": "our", "wee": "little",
	"hame": "home", "hoose": "house", "watter": "water", "oot": "out", "heid": "head", "windae": "window", "intae": "into",
	"fae": "from", "frae": "from", "jist": "just", "nae": "no", "ower": "over", "doon": "down", "aw": "all",
	"walkin": "walking", "lookin": "looking", "comin": "coming", "goin": "going", "tryin": "trying",
	"shakin": "shaking", "answerin": "answering", "throwin": "throwing", "lyin": "lying", "hittin": "hitting",
	"smashin": "smashing", "textin": "texting", "sayin": "saying", "bleedin": "bleeding", "kickin": "kicking",
	"chasin": "chasing", "strugglin": "struggling", "missin": "missing", "screamin": "screaming", "shoutin": "shouting",
	"giein": "giving", "radge": "violent", "neds": "boys", "ned": "boy", "rozzers": "police",
	// irregular verbs: Snowball stems suffixes, it does not know "beaten" is "beat"
	"beaten": "beat", "bitten": "bite", "fell": "fall", "fallen": "fall", "stole": "steal", "stolen": "steal",
	"took": "take", "taken": "take", "broke": "break", "broken": "break", "threw": "throw", "thrown": "throw",
	"drove": "drive", "driven": "drive", "ran": "run", "drank": "drink", "drunk": "drink", "froze": "freeze",
	"frozen": "freeze", "hung": "hang", "woke": "wake", "woken": "wake", "caught": "catch", "fought": "fight",
	"bled": "bleed", "swam": "swim", "swum": "swim", "sank": "sink", "sunk": "sink", "struck": "strike",
	"stuck": "stick", "dragged": "drag", "grabbed": "grab", "stabbed": "stab", "mugged": "mug", "robbed": "rob",
	"shot": "shoot", "slit": "slit", "cut": "cut", "lit": "light", "blew": "blow", "blown": "blow", "tore": "tear",
	"torn": "tear", "swallowed": "swallow", "gone": "go", "went": "go", "left": "leave", "seen": "see", "saw": "see",
	"knew": "know", "known": "know", "held": "hold", "hid": "hide", "hidden": "hide", "flung": "fling",
	"overdid": "overdo", "ate": "eat", "eaten": "eat", "spat": "spit", "fled": "flee", "chucked": "chuck",
}

// stemEntry is what the classifier needs of one word: its stem, the trie
// node of the built-in cues starting with that stem (nil for none), and
// the stem's hash for the model.
type stemEntry struct {
	stem string
	node *cueNode
	h    uint64
	neg  bool // a negator: not, no, never …
}

var (
	// stemFrozen is the cache read without a lock; words seen since it was
	// last rebuilt wait in stemNew, under stemMu.
	stemFrozen atomic.Pointer[map[string]stemEntry]
	stemMu     sync.Mutex
	stemNew    = map[string]stemEntry{}
	// baseSet is the built-in cue set once it is built; words are cached
	// only from then on, so every cached entry has its trie node.
	baseSet atomic.Pointer[cueSet]
)

const (
	// maxStemCache bounds the cache of words seen at run time.
	maxStemCache = 50000
	// stemBatch new words are merged into the lock-free cache at a time.
	stemBatch = 256
)

// stemWord returns the normalised stem of a lower-case word.
func stemWord(w string) string { return lookupWord([]byte(w)).stem }

// lookupWord returns the entry of a lower-case word, allocating only the
// first time a word is seen.
func lookupWord(b []byte) stemEntry {
	base := baseSet.Load()
	if base != nil {
		if m := stemFrozen.Load(); m != nil {
			if e, ok := (*m)[string(b)]; ok {
				return e
			}
		}
		stemMu.Lock()
		e, ok := stemNew[string(b)]
		stemMu.Unlock()
		if ok {
			return e
		}
	}
	w := string(b)
	spelt := w
	if s, ok := spelling[w]; ok {
		spelt = s
	}
	st := stemUncached(spelt)
	e := stemEntry{stem: st, h: fnv(fnvSep(fnv(fnvOffset, "u")), st), neg: negatorStems[st]}
	if base != nil {
		e.node = base.root[st]
		stemMu.Lock()
		stemNew[w] = e
		if len(stemNew) >= stemBatch {
			old := stemFrozen.Load()
			n := len(stemNew)
			if old != nil {
				n += len(*old)
			}
			if n <= maxStemCache {
				m := make(map[string]stemEntry, n)
				if old != nil {
					for k, v := range *old {
						m[k] = v
					}
				}
				for k, v := range stemNew {
					m[k] = v
				}
				stemFrozen.Store(&m)
			}
			stemNew = make(map[string]stemEntry, stemBatch)
		}
		stemMu.Unlock()
	}
	return e
}

// negatorStems are the stems of words that negate the harm word after
// them ("not in danger", "no knife"); see negated.
var negatorStems = map[string]bool{"not": true, "no": true, "never": true, "isn't": true, "wasn't": true,
	"aren't": true, "weren't": true, "nobodi": true, "noth": true, "without": true, "fals": true}

func stemUncached(w string) string {
	if len(w) > maxLexWord {
		return w
	}
	// Snowball keeps "he's" as "he'"; drop a possessive or contracted tail
	// first so "she's"/"shes" meet "she", and "can't" stays "can't".
	for _, tail := range []string{"'s", "'re", "'ve", "'ll", "'d", "'m"} {
		if strings.HasSuffix(w, tail) && len(w) > len(tail) {
			w = w[:len(w)-len(tail)]
			break
		}
	}
	return english.Stem(w, false)
}
