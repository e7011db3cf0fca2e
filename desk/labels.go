package desk

import (
	"fmt"
	"io"
	"strings"
)

// WriteLabels writes the judgements as lines of the urgency corpus
// (risk/testdata/inbound.tsv): <level> TAB <message>, the last judgement of
// each message only, in the order the messages were first judged.
func WriteLabels(w io.Writer, js []Judgement) error {
	last := map[string]Judgement{}
	var order []string
	for _, j := range js {
		if _, seen := last[j.Question]; !seen {
			order = append(order, j.Question)
		}
		last[j.Question] = j
	}
	var b strings.Builder
	b.WriteString("# Messages whose level the team judged on the desk (dutydesk labels): <level> TAB <message>.\n")
	b.WriteString("# urgent: life at risk or crime in progress (999); possible; crime_report (101/online); routine.\n")
	for _, q := range order {
		j := last[q]
		text := strings.Join(strings.Fields(j.Text), " ") // one line, no tabs
		if text == "" {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\n", j.Level, text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
