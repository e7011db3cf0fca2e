package feeds

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep one hostile post from flooding a pane.
const (
	maxTextRunes     = 5000 // whole item text
	maxLineRunes     = 1000 // one line
	maxCombiningRun  = 2    // combining marks on one base character
	truncationMarker = "…"
)

// SafeText turns text written by anyone on the internet into text that can be
// printed in a terminal without changing it: terminal control sequences (CSI,
// OSC — hyperlinks and clipboard writes included —, DCS and the rest) are
// removed whole, other control characters dropped, bidi overrides and
// invisible characters removed, piles of combining marks and absurd lengths
// bounded, and invalid UTF-8 replaced. Newlines are kept; tabs become spaces.
func SafeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	runes, lineRunes, combining := 0, 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			r, size = unicode.ReplacementChar, 1
		}
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			i += skipEscape(s, i)
			continue
		case r == '\n' || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
			lineRunes, combining = 0, 0
			runes++
		case r == '\t':
			b.WriteByte(' ')
			lineRunes++
			runes++
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			// other C0/C1 controls: bell, backspace, carriage return…
		case invisible(r):
		case unicode.In(r, unicode.Mn, unicode.Me):
			if combining < maxCombiningRun && lineRunes > 0 {
				b.WriteRune(r)
				combining++
			}
		default:
			combining = 0
			if lineRunes < maxLineRunes {
				b.WriteRune(r)
				runes++
			} else if lineRunes == maxLineRunes {
				b.WriteString(truncationMarker)
			}
			lineRunes++
		}
		i += size
		if runes >= maxTextRunes {
			b.WriteString(truncationMarker)
			break
		}
	}
	return b.String()
}

// invisible reports characters that change how text is ordered or shown
// without being seen: bidi overrides and isolates, zero-width characters,
// soft hyphens, Unicode tag characters and emoji variation selectors.
func invisible(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x00ad, r == 0x180e:
		return true
	case r >= 0xe0000 && r <= 0xe007f:
		return true
	case r == 0xfe0e || r == 0xfe0f:
		// Variation selectors make terminals disagree on an emoji's width
		// (❤️ is one cell to the measurer, two on screen), which breaks
		// the panes' borders; without them every terminal agrees.
		return true
	}
	return false
}

// skipEscape returns how many bytes the escape sequence starting at s[i]
// occupies, so that it can be dropped whole rather than leaving its
// parameters behind as visible junk.
func skipEscape(s string, i int) int {
	r, size := utf8.DecodeRuneInString(s[i:])
	j := i + size
	kind := r
	if r == 0x1b {
		if j >= len(s) {
			return j - i
		}
		switch s[j] {
		case '[':
			kind = 0x9b
		case ']':
			kind = 0x9d
		case 'P':
			kind = 0x90
		case 'X', '^', '_':
			kind = 0x98
		default:
			// two-byte sequence such as ESC c (reset) or ESC 7
			return j + 1 - i
		}
		j++
	}
	switch kind {
	case 0x9b: // CSI: parameters and intermediates, then one final byte
		for j < len(s) {
			c := s[j]
			j++
			if c >= 0x40 && c <= 0x7e {
				break
			}
			if c < 0x20 || c > 0x3f && c < 0x40 {
				break
			}
		}
		return j - i
	default: // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST
		for j < len(s) {
			c := s[j]
			if c == 0x07 {
				return j + 1 - i
			}
			if c == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2 - i
			}
			if r, n := utf8.DecodeRuneInString(s[j:]); r == 0x9c {
				return j + n - i
			}
			j++
		}
		return j - i
	}
}
