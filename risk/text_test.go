package risk

import (
	"bytes"
	"strings"
	"testing"
)

// A finding on the second line is placed at its line and column, and its
// span is underlined under the line as printed; control characters in the
// draft reach the terminal as '?', one for one.
func TestWriteFindingsPointsAtTheSpan(t *testing.T) {
	text := "Thanks all.\nCall \u202e07700 900123 now"
	start := strings.Index(text, "07700")
	fs := []Finding{{Kind: "phone", Severity: Block, Start: start, End: start + len("07700 900123"), Reason: "a phone number", Fix: "remove it"}}
	var b bytes.Buffer
	WriteFindings(&b, "draft.txt", text, fs)
	want := "draft.txt:2:7: block phone: a phone number\n" +
		"    Call ?07700 900123 now\n" +
		"          ^^^^^^^^^^^^\n" +
		"    fix: remove it\n" +
		"draft.txt: 1 finding: 1 block, 0 warn\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	WriteFindings(&b, "<stdin>", "fine", nil)
	if b.String() != "<stdin>: no findings\n" {
		t.Errorf("no findings: got %q", b.String())
	}
}
