package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeTextRemovesTerminalControl(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"csi colour":        {"hello \x1b[31mred\x1b[0m world", "hello red world"},
		"clear screen":      {"a\x1b[2J\x1b[Hb", "ab"},
		"osc8 hyperlink":    {"\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "click"},
		"osc52 clipboard":   {"x\x1b]52;c;cm0gLXJmIC8=\x1b\\y", "xy"},
		"dcs":               {"a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		"c1 csi":            {"a\u009b31mb", "ab"},
		"bell backspace cr": {"ab\x07c\x08d\re", "abcde"},
		"bidi override":     {"abc\u202edcba\u202c", "abcdcba"},
		"bidi isolate":      {"x\u2067y\u2069", "xy"},
		"zero width":        {"pay\u200bpal\ufeff", "paypal"},
		"tab to space":      {"a\tb", "a b"},
		"emoji selector":    {"news \u2764\ufe0f", "news \u2764"},
		"newline kept":      {"a\nb", "a\nb"},
		"invalid utf8":      {"a\xffb", "a\ufffdb"},
		"plain":             {"Is the A595 still closed near Bothel?", "Is the A595 still closed near Bothel?"},
		"osc8 st":           {"\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		"c1 osc":            {"a\u009d52;c;ZXZpbA==\u009cb", "ab"},
		"apc pm sos":        {"a\x1b_junk\x1b\\b\x1b^pm\x07c\x1bXsos\x1b\\d", "abcd"},
		"esc multibyte":     {"a\x1b\u00e9b", "ab"},
		"cr line rewrite":   {"safe\r\x1b[Kevil", "safeevil"},
		"rtl mark":          {"a\u200fb\u061cc", "abc"},
		"zwj family":        {"\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F468\U0001F469\U0001F467"},
		"skin tone":         {"\U0001F44D\U0001F3FD ok", "\U0001F44D ok"},
		"flag":              {"Go \U0001F1EC\U0001F1E7!", "Go [GB]!"},
		"lone indicator":    {"\U0001F1FA", "[U]"},
		"tags":              {"\U0001F3F4\U000E0067\U000E0062\U000E007F", "\U0001F3F4"},
		"hangul filler":     {"\u3164\u115f\uffa0name", "name"},
		"odd spaces":        {"a\u00a0b\u2003c\u3000d", "a b c d"},
		"private use":       {"x\ue000y", "x\ufffdy"},
		"cjk kept":          {"界 東京", "界 東京"},
		"accents kept":      {"Caf\u00e9 cafe\u0301", "Caf\u00e9 cafe\u0301"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := SafeText(c.in); got != c.want {
				t.Errorf("SafeText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestSafeTextBoundsPileUps(t *testing.T) {
	zalgo := "a" + strings.Repeat("\u0301", 500) + "b"
	got := SafeText(zalgo)
	if n := utf8.RuneCountInString(got); n != 2+maxCombiningRun {
		t.Errorf("combining pile-up kept %d runes, want %d", n, 2+maxCombiningRun)
	}
	long := SafeText(strings.Repeat("x", 50000))
	if n := utf8.RuneCountInString(long); n > maxLineRunes+1 {
		t.Errorf("long line kept %d runes", n)
	}
	many := SafeText(strings.Repeat("line\n", 50000))
	if n := utf8.RuneCountInString(many); n > maxTextRunes+1 {
		t.Errorf("long text kept %d runes", n)
	}
}

func TestSafeTextBoundsMarksAfterALongLine(t *testing.T) {
	in := strings.Repeat("x", maxLineRunes) + strings.Repeat("y\u0301", 10000)
	got := SafeText(in)
	if n := utf8.RuneCountInString(got); n > maxLineRunes+1 {
		t.Errorf("marks after the cut piled up: %d runes kept, want at most %d", n, maxLineRunes+1)
	}
}

func TestSafeLineJoinsLines(t *testing.T) {
	if got := SafeLine("Amy\nPC Khan\u2028x\x1b[2J"); got != "Amy PC Khan x" {
		t.Errorf("SafeLine = %q", got)
	}
}
