package risk

import (
	"slices"
	"testing"
)

func kindsOf(fs []Finding) []Kind {
	var out []Kind
	for _, f := range fs {
		if !slices.Contains(out, f.Kind) {
			out = append(out, f.Kind)
		}
	}
	return out
}

// TestAppealDoesNotFlagThePersonItNames checks that the name in a post
// marked as an appeal is not flagged (the appeal is the disclosure), while
// the same text as an ordinary post is.
func TestAppealDoesNotFlagThePersonItNames(t *testing.T) {
	ch := mustNew(t, Config{})
	for _, text := range []string{
		"MISSING: Have you seen Chloe Dawson, 14, from Carlisle? She was last seen on Botchergate at 16:00 wearing a red coat. Call 101 quoting the appeal.",
		"Wanted: Darren Holt, 32, of Workington, is wanted in connection with a burglary. Do not approach him; call 999 if you see him.",
		"Can you help us find Margaret Ellison from Penrith? Margaret is 81 and has dementia. Please call 101 if you see her.",
	} {
		if got := kindsOf(ch.Check(text)); len(got) == 0 {
			t.Errorf("as an ordinary post nothing is flagged, so the test proves nothing: %q", text)
		}
		if got := ch.CheckAppeal(text); len(got) > 0 {
			t.Errorf("appeal %q: flagged %v, want nothing: the appeal is the disclosure", text, got)
		}
	}
}

// TestAppealStillFlagsEverythingElse checks that marking a post as an appeal
// lets only its person through: plates, addresses, phone numbers, dates of
// birth and a named victim are flagged as in any post.
func TestAppealStillFlagsEverythingElse(t *testing.T) {
	ch := mustNew(t, Config{})
	for _, c := range []struct {
		text string
		want Kind
	}{
		{"MISSING: Chloe Dawson, 14, from Carlisle, may be in a silver car YX61 KLM. Call 101.", Plate},
		{"Wanted: Darren Holt, 32, last known at 14 Leopold Street, Workington. Call 101.", Address},
		{"MISSING: Chloe Dawson, 14. If you see her call her mum on 07700 900123.", Phone},
		{"Wanted: Darren Holt, born 12/03/1991, is wanted for burglary. Call 101.", DOB},
		{"Witness appeal: Sarah Jones was assaulted on Warwick Road on Friday night. Did you see anything? Call 101.", Victim},
		{"Wanted: Darren Holt, 32, of Workington, a known thug. Call 101.", Prejudice},
	} {
		if got := kindsOf(ch.CheckAppeal(c.text)); !slices.Contains(got, c.want) {
			t.Errorf("appeal %q: found %v, want %s still flagged", c.text, got, c.want)
		}
	}
}
