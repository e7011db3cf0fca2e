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
