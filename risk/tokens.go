package risk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a run of letters and digits in the checked text (an apostrophe
// between letters stays inside: "can't", "O'Brien"). Every detector works on
// the token list, so the text is scanned once however many checks there are.
type token struct {
	start, end int32 // byte span
	letters    int32 // letters (runes)
	digits     int32 // ASCII digits
	upper      int32 // upper-case letters
	sent       int32 // sentence number
	ascii      bool  // every byte is ASCII
	lx         lex   // lexicon flags of the lower-cased word
	phrases    int32 // Checker phrase list starting with this word, plus one; 0 for none
}

func (t token) text(s string) string { return s[t.start:t.end] }
func (t token) isNum() bool          { return t.letters == 0 && t.digits > 0 }
func (t token) isWord() bool         { return t.digits == 0 && t.letters > 0 }

// capital reports whether the token starts with an upper-case letter and has
// no digits.
func (t token) capital(s string) bool {
	if t.digits > 0 || t.letters == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[t.start:])
	return unicode.IsUpper(r)
}

// allUpper reports whether every letter in the token is upper case.
func (t token) allUpper() bool { return t.letters > 0 && t.upper == t.letters }

// tokenize splits s into tokens and numbers the sentences.
func tokenize(s string, buf []token) []token {
	toks := buf[:0]
	if want := len(s)/5 + 8; cap(toks) < want {
		toks = make([]token, 0, want)
	}
	sent := int32(0)
	i := 0
	n := len(s)
	for i < n {
		c := s[i]
		// Skip separators, noting sentence ends.
		if c < utf8.RuneSelf {
			if !isAlnum(c) {
				if (c == '.' || c == '!' || c == '?' || c == '\n') && endsSentence(s, i, toks) {
					if len(toks) > 0 && toks[len(toks)-1].sent == sent {
						sent++
					}
				}
				i++
				continue
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += w
				continue
			}
		}
		// A token starts here.
		t := token{start: int32(i), sent: sent, ascii: true}
	scan:
		for i < n {
			c := s[i]
			if c < utf8.RuneSelf {
				switch {
				case c >= '0' && c <= '9':
					t.digits++
					i++
					continue
				case c >= 'A' && c <= 'Z':
					t.upper++
					t.letters++
					i++
					continue
				case c >= 'a' && c <= 'z':
					t.letters++
					i++
					continue
				case c == '\'' && i > int(t.start) && i+1 < n && isLetterByte(s[i-1]) && isLetterAt(s, i+1):
					i++
					continue
				}
				break scan
			}
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == '’' && i > int(t.start) && i+w < n && isLetterByte(s[i-1]) && isLetterAt(s, i+w) {
				t.ascii = false
				i += w
				continue
			}
			if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break scan
			}
			t.ascii = false
			t.letters++
			if unicode.IsUpper(r) {
				t.upper++
			}
			i += w
		}
		t.end = int32(i)
		toks = append(toks, t)
	}
	return toks
}

// endsSentence reports whether the punctuation at s[i] ends a sentence: a
// newline always does; . ! ? do when followed by space or the end, and a
// full stop does not after an abbreviation such as "Mr", "St" or "d.o.b".
func endsSentence(s string, i int, toks []token) bool {
	c := s[i]
	if c == '\n' {
		return true
	}
	if i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' && s[i+1] != '\t' && s[i+1] != '\r' && s[i+1] != '"' && s[i+1] != ')' {
		return false
	}
	if c != '.' || len(toks) == 0 {
		return true
	}
	last := toks[len(toks)-1]
	if int(last.end) != i {
		return true
	}
	if last.end-last.start == 1 { // initials, d.o.b.
		return false
	}
	var b [8]byte
	switch lowerASCII(s[last.start:last.end], b[:]) {
	case "mr", "mrs", "ms", "dr", "st", "no", "nos", "dob", "approx", "tel", "ref", "insp", "sgt", "det", "supt", "rd", "ave", "vs":
		return false
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

func isLetterAt(s string, i int) bool {
	if s[i] < utf8.RuneSelf {
		return isLetterByte(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// lowerASCII lower-cases s into buf when s is short ASCII; otherwise it
// returns "" (callers use it for keyword tests, and keywords are ASCII).
func lowerASCII(s string, buf []byte) string {
	if len(s) > len(buf) {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return ""
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(s)])
}

// lowerASCIIText returns s with ASCII letters lowered and every other byte
// kept, so byte offsets into s are offsets into the result.
func lowerASCIIText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// lower lower-cases s into buf without allocating when it fits, folding a
// typographic apostrophe to '.
func lower(s string, buf []byte) []byte {
	b := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == '’' {
			b = append(b, '\'')
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		i += w
	}
	return b
}

// gap is the text between tokens a and b (a < b).
func gap(s string, toks []token, a, b int) string {
	return s[toks[a].end:toks[b].start]
}

// isSpace reports whether g is spaces or tabs only (no newline, no punctuation).
func isSpace(g string) bool {
	if g == "" {
		return false
	}
	for i := 0; i < len(g); i++ {
		if g[i] != ' ' && g[i] != '\t' {
			return false
		}
	}
	return true
}
