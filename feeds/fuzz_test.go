package feeds

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostileSeeds are texts written to break a terminal or a pane; the fuzzers
// start from them (and from testdata/fuzz).
var hostileSeeds = []string{
	"", "Is the A595 still closed near Bothel?",
	"\x1b[2J\x1b[H\x1b[31mred\x1b[0m", "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
	"x\x1b]52;c;cm0gLXJmIC8=\x1b\\y", "\x1bPq#0;2;0;0;0\x1b\\", "\u009b31m\u009d0;title\u009c",
	"ab\x07c\x08d\re\x00f\x7f", "abc\u202edcba\u202c \u2067y\u2069 \u200f\u061c",
	"pay\u200bpal\ufeff\u00ad\u2060", "\u2764\ufe0f \U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F44D\U0001F3FD",
	"\U0001F1EC\U0001F1E7\U0001F1FA", "\U0001F3F4\U000E0067\U000E0062\U000E007F",
	"a" + strings.Repeat("\u0301", 300), strings.Repeat("界", 700), strings.Repeat("x", 1200) + strings.Repeat("y\u0301", 50),
	"\u3164\u115f\uffa0", "\u1100\u1161\u11a8", "\ue000\U000F0000", "a\xffb\xc3", "1\ufe0f\u20e3 #\u20e3",
	"\x1b", "\x1b[", "\x1b]", "\x1b[\n31m", "line\u2028line\u2029", "\t\v\f",
}

func FuzzSafeText(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SafeText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("SafeText(%q) = %q: invalid UTF-8", in, out)
		}
		if again := SafeText(out); again != out {
			t.Fatalf("not idempotent:\n in   %q\n once %q\n twice %q", in, out, again)
		}
		lines := strings.Split(out, "\n")
		if n := utf8.RuneCountInString(out); n > maxTextRunes*(1+maxCombiningRun)+1 {
			t.Fatalf("kept %d runes", n)
		}
		for _, line := range lines {
			combining, bases := 0, 0
			for _, r := range line {
				switch {
				case r < 0x20 || r >= 0x7f && r <= 0x9f:
					t.Fatalf("control %U survives in %q (from %q)", r, out, in)
				case invisible(r), isRegionalIndicator(r):
					t.Fatalf("%U survives in %q (from %q)", r, out, in)
				case r != ' ' && unicode.Is(unicode.Zs, r):
					t.Fatalf("odd space %U survives", r)
				case !unicode.IsPrint(r):
					t.Fatalf("unprintable %U survives in %q", r, out)
				case unicode.In(r, unicode.Mn, unicode.Me):
					if bases == 0 {
						t.Fatalf("combining mark %U starts a line in %q (from %q)", r, out, in)
					}
					if combining++; combining > maxCombiningRun {
						t.Fatalf("%d combining marks on one character in %q", combining, out)
					}
				default:
					combining = 0
					bases++
				}
			}
			if bases > maxLineRunes+1 {
				t.Fatalf("line of %d characters kept", bases)
			}
		}
	})
}

func FuzzSafeLine(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SafeLine(in)
		if strings.ContainsAny(out, "\n\r\x1b") {
			t.Fatalf("SafeLine(%q) = %q: not one safe line", in, out)
		}
		if out != SafeText(out) {
			t.Fatalf("SafeLine(%q) = %q: not safe text", in, out)
		}
	})
}
