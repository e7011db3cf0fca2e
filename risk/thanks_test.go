package risk

import (
	"fmt"
	"testing"
)

// The thank-you classifier's bar on its blind-written corpus: a follow-up
// wrongly taken for thanks closes a question that still needs the team, so
// almost every follow-up must be kept open; a thank-you wrongly taken for a
// follow-up only costs someone a look, so a lower share of thank-yous closing
// is accepted.
const (
	minFollowUpKept = 0.95 // follow-ups classified FollowUp
	minThanksClosed = 0.80 // thank-yous classified Thanks
)

type replyLine struct {
	line   int
	thanks bool
	text   string
}

func readReplies(t *testing.T, path string) []replyLine {
	t.Helper()
	const form = "thanks|followup TAB <message>"
	var out []replyLine
	for _, c := range readTSV(t, path, 2, form) {
		label := c.fields[0]
		if label != "thanks" && label != "followup" {
			t.Fatalf("%s:%d: want %s", path, c.n, form)
		}
		out = append(out, replyLine{line: c.n, thanks: label == "thanks", text: c.fields[1]})
	}
	return out
}

// scoreReplies classifies every line and fails below the bar. With verbose
// set it names the lines it got wrong (only ever for the dev half).
func scoreReplies(t *testing.T, path string, verbose bool) {
	t.Helper()
	lines := readReplies(t, path)
	var fuKept, fuAll, thClosed, thAll int
	for _, l := range lines {
		got, why := ClassifyReply(l.text)
		if l.thanks {
			thAll++
			if got == Thanks {
				thClosed++
			} else if verbose {
				t.Logf("%s:%d: thank-you kept open (%s): %q", path, l.line, why, l.text)
			}
		} else {
			fuAll++
			if got == FollowUp {
				fuKept++
			} else if verbose {
				t.Logf("%s:%d: follow-up closed (%s): %q", path, l.line, why, l.text)
			}
		}
	}
	kept := float64(fuKept) / float64(fuAll)
	closed := float64(thClosed) / float64(thAll)
	fmt.Printf("%s: follow-ups kept open %d/%d = %.3f (bar %.2f); thank-yous closed %d/%d = %.3f (bar %.2f)\n",
		path, fuKept, fuAll, kept, minFollowUpKept, thClosed, thAll, closed, minThanksClosed)
	if kept < minFollowUpKept {
		t.Errorf("%s: follow-ups kept open %.3f, want >= %.2f", path, kept, minFollowUpKept)
	}
	if closed < minThanksClosed {
		t.Errorf("%s: thank-yous closed %.3f, want >= %.2f", path, closed, minThanksClosed)
	}
}

func TestThankYouCorpusDev(t *testing.T) {
	scoreReplies(t, "testdata/followups_dev.tsv", true)
}

// TestThankYouCorpusFrozen scores the frozen half, never read while tuning:
// only the aggregate figures are printed.
func TestThankYouCorpusFrozen(t *testing.T) {
	scoreReplies(t, "testdata/followups_test.tsv", false)
}

func TestAThankYouClosesAndAFollowUpReopens(t *testing.T) {
	for _, c := range []struct {
		text string
		want Reply
	}{
		{"@team3 Cheers 👍", Thanks},
		{"thanks!", Thanks},
		{"👍", Thanks},
		{"ok thx", Thanks},
		{"thanks, but it's happened again", FollowUp},
		{"any update?", FollowUp},
		{"cheers for nowt", FollowUp},
		{"thanks, the reg was AB12 CDE", FollowUp},
		{"", FollowUp},
		{"…", FollowUp},
	} {
		if got, why := ClassifyReply(c.text); got != c.want {
			t.Errorf("ClassifyReply(%q) = %v (%s), want %v", c.text, got, why, c.want)
		}
	}
}

func TestAsksTellsAQuestionFromARemark(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"is the road open yet?", true},
		{"can you tell me when it reopens", true},
		{"what time does the station open", true},
		{"same here, they were out last night too", false},
		{"how kind of you all", false},
		{"great work team", false},
	} {
		if got := Asks(c.text); got != c.want {
			t.Errorf("Asks(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
