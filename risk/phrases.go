package risk

import (
	"bytes"
	"strings"
	"unicode"
)

// phrase is a word or run of words matched on whole tokens, ignoring case.
// A word ending in * matches any token starting with the rest.
type phrase struct {
	words  [][]byte // lower case
	kind   Kind     // for draft checks
	tag    string   // for urgency: signal class
	sev    Severity
	reason string
	fix    string
	// unless lists words that, as the token just before the phrase, cancel it
	// ("found guilty" is a fact, not a prejudgement).
	unless []string
}

// phraseSet finds phrases in a token list in one pass: a map from a first
// word to the phrases starting with it, plus the few whose first word is a
// prefix pattern.
type phraseSet struct {
	first  map[string][]int
	prefix []int
	ps     []phrase
}

func newPhraseSet() *phraseSet { return &phraseSet{first: map[string][]int{}} }

// splitPhrase splits a phrase into lower-case words on anything that is not
// a letter, digit, apostrophe or trailing *.
func splitPhrase(p string) []string {
	f := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(p, "’", "'")), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '*')
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, "'")
		if strings.Trim(w, "*") != "" {
			out = append(out, w)
		}
	}
	return out
}

func (p *phraseSet) add(text string, ph phrase) {
	ws := splitPhrase(text)
	if len(ws) == 0 {
		return
	}
	for _, w := range ws {
		ph.words = append(ph.words, []byte(w))
	}
	i := len(p.ps)
	p.ps = append(p.ps, ph)
	if strings.HasSuffix(ws[0], "*") {
		p.prefix = append(p.prefix, i)
	} else {
		p.first[ws[0]] = append(p.first[ws[0]], i)
	}
}

func wordMatch(tok, w []byte) bool {
	if n := len(w); n > 0 && w[n-1] == '*' {
		return bytes.HasPrefix(tok, w[:n-1])
	}
	return bytes.Equal(tok, w)
}

// phraseGap reports whether two words of one phrase may be separated by g:
// spaces, hyphens and line breaks, no sentence punctuation.
func phraseGap(g string) bool {
	if g == "" || len(g) > 4 {
		return false
	}
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case ' ', '-', '\n', '\t', '\r', '\'':
		default:
			return false
		}
	}
	return true
}

// each calls fn for every phrase occurrence starting at token i, with the
// index of its last token. list is the phrases starting with token i's word
// when the caller has looked it up already (see classify); nil means look.
func (p *phraseSet) each(s, low string, toks []token, i int, list []int, looked bool, fn func(ph *phrase, last int)) {
	var b0, b1 [64]byte
	t := toks[i]
	if looked && list == nil && len(p.prefix) == 0 {
		return
	}
	var first []byte
	if t.ascii {
		first = append(b0[:0], low[t.start:t.end]...)
	} else {
		first = lower(t.text(s), b0[:])
	}
	if !looked {
		list = p.first[string(first)]
	}
	try := func(idx int) {
		ph := &p.ps[idx]
		if !wordMatch(first, ph.words[0]) {
			return
		}
		j := i
		for _, w := range ph.words[1:] {
			if j+1 >= len(toks) || !phraseGap(gap(s, toks, j, j+1)) {
				return
			}
			j++
			if !wordMatch(lower(toks[j].text(s), b1[:]), w) {
				return
			}
		}
		if len(ph.unless) > 0 && i > 0 && phraseGap(gap(s, toks, i-1, i)) {
			prev := lower(toks[i-1].text(s), b1[:])
			for _, u := range ph.unless {
				if string(prev) == u {
					return
				}
			}
		}
		fn(ph, j)
	}
	for _, idx := range list {
		try(idx)
	}
	for _, idx := range p.prefix {
		try(idx)
	}
}
