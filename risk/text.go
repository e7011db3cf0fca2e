package risk

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WriteFindings writes each finding in text as "name:line:col: severity
// kind: reason", the line it is on with the span underlined and the
// suggested fix, then a count, as a compiler lists its errors.
func WriteFindings(w io.Writer, name, text string, fs []Finding) {
	for _, f := range fs {
		lineStart := strings.LastIndexByte(text[:f.Start], '\n') + 1
		lineEnd := len(text)
		if i := strings.IndexByte(text[lineStart:], '\n'); i >= 0 {
			lineEnd = lineStart + i
		}
		lineNo := strings.Count(text[:lineStart], "\n") + 1
		col := utf8.RuneCountInString(text[lineStart:f.Start]) + 1
		end := min(f.End, lineEnd)
		fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", name, lineNo, col, f.Severity, f.Kind, f.Reason)
		fmt.Fprintf(w, "    %s\n", Printable(strings.TrimRight(text[lineStart:lineEnd], "\r")))
		fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", col-1), strings.Repeat("^", max(1, utf8.RuneCountInString(text[f.Start:end]))))
		if f.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", f.Fix)
		}
	}
	switch n := len(fs); n {
	case 0:
		fmt.Fprintf(w, "%s: no findings\n", name)
	default:
		fmt.Fprintf(w, "%s: %d finding%s: %d block, %d warn\n", name, n, map[bool]string{true: "", false: "s"}[n == 1], Blocks(fs), Warns(fs))
	}
}

// WriteText writes the urgency as a person reads it: the level and its
// reason on one line, then the signals and the advice, if any.
func (u Urgency) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s", u.Level)
	if u.Reason != "" {
		fmt.Fprintf(w, ": %s", Printable(u.Reason))
	}
	fmt.Fprintln(w)
	if len(u.Signals) > 0 {
		fmt.Fprintf(w, "signals: %s\n", strings.Join(u.Signals, ", "))
	}
	if u.Advice != "" {
		fmt.Fprintf(w, "advice: %s\n", u.Advice)
	}
}

// Printable makes untrusted text safe to print on a terminal: control
// characters, bidi overrides and zero-width characters become '?', one for
// one, so columns still line up.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r),
			r >= 0x200B && r <= 0x200F, r == 0xFEFF, r == 0x2028, r == 0x2029:
			return '?'
		}
		return r
	}, s)
}
