package desk

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/risk"
)

// A message judged twice is one corpus line with the later level, in the
// order first judged, its text on one line; an empty message is left out.
func TestWriteLabelsKeepsTheLastJudgement(t *testing.T) {
	js := []Judgement{
		{Question: "q1", Level: risk.Possible, Text: "someone\tis  shouting\noutside"},
		{Question: "q2", Level: risk.Routine, Text: "bin day?"},
		{Question: "q3", Level: risk.Urgent, Text: "  "},
		{Question: "q1", Level: risk.Urgent, Text: "someone\tis  shouting\noutside"},
	}
	var b bytes.Buffer
	if err := WriteLabels(&b, js); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	want := []string{risk.Urgent.String() + "\tsomeone is shouting outside", risk.Routine.String() + "\tbin day?"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
