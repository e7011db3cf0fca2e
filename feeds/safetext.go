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
// printed in a terminal without changing it, and that every terminal draws
// as wide as the panes measure it:
//
//   - terminal control sequences (CSI, OSC — hyperlinks and clipboard
//     writes included —, DCS, SOS, PM, APC) are removed whole, other C0 and
//     C1 control characters dropped; newlines are kept, tabs become spaces;
//   - format characters (bidi overrides, embeddings and isolates, zero-width
//     spaces and joiners, soft hyphens, tag characters…), variation
//     selectors, emoji skin-tone modifiers and the blank Hangul fillers are
//     removed: they are invisible, reorder text, or make terminals disagree
//     on a character's width;
//   - regional-indicator flags become their letters in brackets (🇬🇧 reads
//     "[GB]"), private-use and unassigned code points become U+FFFD, and
//     every other kind of space becomes a plain space, for the same reason;
//   - piles of combining marks are cut to two per character, lines to 1000
//     characters and the whole text to 5000;
//   - invalid UTF-8 becomes U+FFFD.
//
// SafeText(SafeText(s)) == SafeText(s).
func SafeText(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), 4*maxTextRunes))
	runes, lineRunes, combining := 0, 0, 0
	baseKept := false // the last base character was written, so marks may follow it
	cut := false      // this line was cut: the marker is written
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
			if runes+1 > maxTextRunes {
				b.WriteString(truncationMarker)
				return b.String()
			}
			b.WriteByte('\n')
			lineRunes, combining, baseKept, cut = 0, 0, false, false
			runes++
		case r < 0x20 && r != '\t' || (r >= 0x7f && r <= 0x9f):
			// other C0/C1 controls: bell, backspace, carriage return…
		case invisible(r):
		case unicode.In(r, unicode.Mn, unicode.Me):
			if baseKept && combining < maxCombiningRun {
				b.WriteRune(r)
				combining++
			}
		default:
			combining = 0
			out := string(r)
			switch {
			case r == '\t' || unicode.Is(unicode.Zs, r):
				out = " "
			case isRegionalIndicator(r):
				// A flag is two regional indicators; terminals draw a pair
				// as one flag, two letters or two boxes, 2 to 4 cells wide.
				letters := string('A' + r - 0x1f1e6)
				if r2, n := utf8.DecodeRuneInString(s[i+size:]); isRegionalIndicator(r2) {
					letters += string('A' + r2 - 0x1f1e6)
					size += n
				}
				out = "[" + letters + "]"
			case !unicode.IsPrint(r):
				// private use or not yet assigned: no two terminals agree
				out = string(unicode.ReplacementChar)
			}
			n := utf8.RuneCountInString(out)
			switch {
			case runes+n > maxTextRunes:
				b.WriteString(truncationMarker)
				return b.String()
			case lineRunes+n <= maxLineRunes:
				b.WriteString(out)
				runes += n
				baseKept = true
			case !cut:
				b.WriteString(truncationMarker)
				cut, baseKept = true, false
			default:
				baseKept = false
			}
			lineRunes += n
		}
		i += size
	}
	return b.String()
}

// SafeLine is SafeText for a field shown on one line (a name, a handle, an
// address): line breaks become spaces.
func SafeLine(s string) string {
	// Breaks become spaces before SafeText, so that its line limit holds
	// for the one line.
	if strings.ContainsAny(s, "\n\u2028\u2029") {
		s = strings.NewReplacer("\n", " ", "\u2028", " ", "\u2029", " ").Replace(s)
	}
	return SafeText(s)
}

func isRegionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// invisible reports characters that change how text is ordered or shown
// without being seen, or that terminals draw at different widths: every
// format character (bidi overrides, embeddings, marks and isolates,
// zero-width spaces and joiners, soft hyphens, Unicode tag characters…),
// variation selectors, emoji skin-tone modifiers, and the Hangul fillers and
// conjoining vowel and final jamo.
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r):
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef, r >= 0x180b && r <= 0x180f:
		// Variation selectors make terminals disagree on an emoji's width
		// (❤️ is one cell to the measurer, two on screen), which breaks
		// the panes' borders; without them every terminal agrees.
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff:
		// Skin-tone modifiers: one emoji to the measurer, two on many
		// terminals.
		return true
	case r == 0x115f, r == 0x3164, r == 0xffa0, r >= 0x1160 && r <= 0x11ff, r >= 0xd7b0 && r <= 0xd7ff:
		// Hangul fillers are blank letters used to fake empty names;
		// conjoining jamo are zero cells to some terminals, part of a
		// two-cell syllable to others.
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
			// two-character sequence such as ESC c (reset) or ESC 7
			_, n := utf8.DecodeRuneInString(s[j:])
			return j + n - i
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
			if c < 0x20 {
				break // a control character ends a broken sequence (and goes with it)
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
