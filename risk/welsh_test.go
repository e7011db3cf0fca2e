package risk

import "testing"

// TestCorpusWelshCleanPassesTheFalsePositiveBar checks the draft checker on
// clean Welsh team posts written blind: per kind, no more of them flagged than
// the English clean drafts may be (maxFPRate), so a Welsh-speaking team is not
// asked for a supervisor's approval on ordinary posts.
func TestCorpusWelshCleanPassesTheFalsePositiveBar(t *testing.T) {
	corpus := readCorpus(t, "testdata/welsh_clean.tsv")
	if len(corpus) < 100 {
		t.Fatalf("Welsh corpus has %d lines, want at least 100", len(corpus))
	}
	for _, c := range corpus {
		if len(c.labels) > 0 {
			t.Fatalf("line %d: the Welsh corpus holds clean posts only", c.line)
		}
	}
	scores, all, misses := draftScores(t, mustNew(t, Config{}), corpus)
	for _, m := range misses {
		t.Log(m)
	}
	logDraftScores(t, "welsh clean", scores, all)
	for _, k := range Kinds() {
		if s := scores[string(k)]; s.fpRate() > maxFPRate {
			t.Errorf("welsh clean: false-positive rate for %s is %.3f (%d of %d), above %.2f", k, s.fpRate(), s.fp, s.fp+s.tn, maxFPRate)
		}
	}
}
