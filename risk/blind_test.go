package risk

import (
	"fmt"
	"sort"
	"testing"
)

// The blind inbound corpus was written by people who had not read this
// package, in the public's voice, and split per family into a dev half (tune
// on it) and a frozen half (never read, never tuned on; only this test opens
// it, and it prints aggregate figures only). The bars below are the issue's
// promise: almost every emergency flagged (urgent or possible), almost no
// ordinary question marked urgent, and no kind of emergency left behind.
type bars struct {
	flagRecall   float64 // at least: emergencies marked urgent or possible
	falseUrgent  float64 // at most: routine questions marked urgent
	familyRecall float64 // at least, per harm family: urgent or possible
}

// issueBars are issue 12's bars. The dev half must meet them.
var issueBars = bars{flagRecall: 0.95, falseUrgent: 0.05, familyRecall: 0.85}

type blindLine struct {
	line          int
	label, family string
	text          string
}

func readBlind(t testing.TB, path string) []blindLine {
	t.Helper()
	var out []blindLine
	for _, c := range readTSV(t, path, 3, "<label> TAB <family> TAB <message>") {
		switch c.fields[0] {
		case "urgent", "crime_report", "routine":
		default:
			t.Fatalf("%s:%d: unknown label %q", path, c.n, c.fields[0])
		}
		out = append(out, blindLine{line: c.n, label: c.fields[0], family: c.fields[1], text: c.fields[2]})
	}
	return out
}

// blindScore is what one half of the blind corpus says about the classifier.
type blindScore struct {
	emergencies, flagged, urgent int
	routine, falseUrgent         int
	falsePossible                int
	crimes, crimeKept            int // crime reports marked crime_report or above
	family                       map[string][2]int
	misses                       []string // only ever printed for the dev half
}

func (s blindScore) flagRecall() float64 { return ratio(s.flagged, s.emergencies) }
func (s blindScore) falseUrgentRate() float64 {
	return ratio(s.falseUrgent, s.routine)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func scoreBlind(corpus []blindLine, classify func(string) Urgency) blindScore {
	s := blindScore{family: map[string][2]int{}}
	for _, c := range corpus {
		u := classify(c.text)
		switch c.label {
		case "urgent":
			s.emergencies++
			f := s.family[c.family]
			f[1]++
			if u.Level.Flagged() {
				s.flagged++
				f[0]++
			} else {
				s.misses = append(s.misses, fmt.Sprintf("line %d: missed %s (%s): %s", c.line, c.family, u.Level, c.text))
			}
			if u.Level == Urgent {
				s.urgent++
			}
			s.family[c.family] = f
		case "routine":
			s.routine++
			switch u.Level {
			case Urgent:
				s.falseUrgent++
				s.misses = append(s.misses, fmt.Sprintf("line %d: false urgent %s (%s): %s", c.line, c.family, u.Reason, c.text))
			case Possible:
				s.falsePossible++
				s.misses = append(s.misses, fmt.Sprintf("line %d: false possible %s (%s): %s", c.line, c.family, u.Reason, c.text))
			}
		case "crime_report":
			s.crimes++
			if u.Level >= CrimeReport {
				s.crimeKept++
			} else {
				s.misses = append(s.misses, fmt.Sprintf("line %d: crime as routine: %s", c.line, c.text))
			}
		}
	}
	sort.Strings(s.misses)
	return s
}

// report logs the aggregate figures and fails below the bars b; it says
// whether issue 12's bars are met.
func (s blindScore) report(t *testing.T, name string, b bars) {
	t.Helper()
	t.Logf("%s: %d emergencies, %d routine, %d crime reports", name, s.emergencies, s.routine, s.crimes)
	t.Logf("%s: emergencies flagged (urgent or possible) %d/%d = %.3f; urgent %d/%d = %.3f",
		name, s.flagged, s.emergencies, s.flagRecall(), s.urgent, s.emergencies, ratio(s.urgent, s.emergencies))
	t.Logf("%s: routine marked urgent %d/%d = %.3f; marked possible %d/%d = %.3f",
		name, s.falseUrgent, s.routine, s.falseUrgentRate(), s.falsePossible, s.routine, ratio(s.falsePossible, s.routine))
	t.Logf("%s: crime reports kept at crime_report or above %d/%d = %.3f", name, s.crimeKept, s.crimes, ratio(s.crimeKept, s.crimes))
	met := true
	fams := make([]string, 0, len(s.family))
	for f := range s.family {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		c := s.family[f]
		r := ratio(c[0], c[1])
		t.Logf("%s: family %-20s %3d/%3d = %.3f", name, f, c[0], c[1], r)
		if r < b.familyRecall {
			t.Errorf("%s: recall for %s is %.3f, below %.2f", name, f, r, b.familyRecall)
		}
		met = met && r >= issueBars.familyRecall
	}
	if s.flagRecall() < b.flagRecall {
		t.Errorf("%s: emergencies flagged %.3f, below %.2f", name, s.flagRecall(), b.flagRecall)
	}
	if s.falseUrgentRate() > b.falseUrgent {
		t.Errorf("%s: routine marked urgent %.3f, above %.2f", name, s.falseUrgentRate(), b.falseUrgent)
	}
	met = met && s.flagRecall() >= issueBars.flagRecall && s.falseUrgentRate() <= issueBars.falseUrgent
	t.Logf("%s: issue 12's bars (flagged >= %.2f, routine urgent <= %.2f, every family >= %.2f) met: %v",
		name, issueBars.flagRecall, issueBars.falseUrgent, issueBars.familyRecall, met)
}

// logRulesOnly logs what the rules decide without the learned model, so
// the figures show what the model adds.
func logRulesOnly(t *testing.T, name string, ch *Checker, corpus []blindLine) {
	t.Helper()
	r := scoreBlind(corpus, func(s string) Urgency { return ch.urgencyWith(s, false) })
	t.Logf("%s, rules only: emergencies flagged %d/%d = %.3f; urgent %d; routine marked urgent %d/%d = %.3f, possible %d/%d = %.3f",
		name, r.flagged, r.emergencies, r.flagRecall(), r.urgent, r.falseUrgent, r.routine, r.falseUrgentRate(),
		r.falsePossible, r.routine, ratio(r.falsePossible, r.routine))
}

func TestCorpusInboundBlindDev(t *testing.T) {
	scoreDev(t, "dev", "testdata/inbound_dev.tsv")
}

// TestCorpusInboundBlindDev2 scores the second blind set (another writer),
// scored once untouched (flagged 0.945) and then tuned on: dev data, held to
// the issue's bars.
func TestCorpusInboundBlindDev2(t *testing.T) {
	scoreDev(t, "dev2", "testdata/inbound_dev2.tsv")
}

// scoreDev scores a dev half of the blind messages: every miss printed,
// the figures without the learned model beside, held to the issue's bars.
func scoreDev(t *testing.T, name, path string) {
	t.Helper()
	corpus := readBlind(t, path)
	ch := mustNew(t, Config{})
	s := scoreBlind(corpus, ch.Urgency)
	for _, m := range s.misses {
		t.Log(m)
	}
	logRulesOnly(t, name, ch, corpus)
	s.report(t, name, issueBars)
}

// TestCorpusInboundBlindFrozen scores the frozen half and fails below issue
// 12's bars, which it met on 2026-12-03 (risk/README.md). It prints figures
// only, never a message: nobody tunes on this half.
func TestCorpusInboundBlindFrozen(t *testing.T) {
	corpus := readBlind(t, "testdata/inbound_test.tsv")
	ch := mustNew(t, Config{})
	logRulesOnly(t, "frozen", ch, corpus)
	scoreBlind(corpus, ch.Urgency).report(t, "frozen", issueBars)
}

// TestCorpusUrgencyTrain scores the rules on the engineer's own training
// messages: a check that the concepts reach beyond the dev half's wording,
// not an independent measure.
func TestCorpusUrgencyTrain(t *testing.T) {
	corpus := readBlind(t, "testdata/urgency_train.tsv")
	ch := mustNew(t, Config{})
	s := scoreBlind(corpus, ch.Urgency)
	for _, m := range s.misses {
		t.Log(m)
	}
	s.report(t, "train", issueBars)
}

// TestCorpusUrgencyProbe scores the probe messages the rule author wrote
// after tuning: figures only, a rough held-out check between tuning and
// the frozen half.
func TestCorpusUrgencyProbe(t *testing.T) {
	for _, path := range []string{"testdata/urgency_probe.tsv", "testdata/urgency_probe2.tsv", "testdata/urgency_probe3.tsv"} {
		t.Run(path, func(t *testing.T) { probe(t, path) })
	}
}

func probe(t *testing.T, path string) {
	corpus := readBlind(t, path)
	ch := mustNew(t, Config{})
	r := scoreBlind(corpus, func(s string) Urgency { return ch.urgencyWith(s, false) })
	t.Logf("probe, rules only: flagged %d/%d = %.3f, routine urgent %d/%d, possible %d/%d",
		r.flagged, r.emergencies, r.flagRecall(), r.falseUrgent, r.routine, r.falsePossible, r.routine)
	s := scoreBlind(corpus, ch.Urgency)
	for _, m := range s.misses {
		t.Log(m)
	}
	t.Logf("probe: flagged %d/%d = %.3f, routine urgent %d/%d, possible %d/%d",
		s.flagged, s.emergencies, s.flagRecall(), s.falseUrgent, s.routine, s.falsePossible, s.routine)
}

// draftScores scores the draft checks on a corpus per kind and overall (a
// draft is flagged when any kind is found), without failing.
func draftScores(t *testing.T, ch *Checker, corpus []labelled) (map[string]*score, score, []string) {
	scores := map[string]*score{}
	for _, k := range Kinds() {
		scores[string(k)] = &score{}
	}
	var all score
	var misses []string
	for _, c := range corpus {
		got := map[string]bool{}
		for _, f := range ch.Check(c.text) {
			got[string(f.Kind)] = true
		}
		for l := range c.labels {
			if scores[l] == nil {
				t.Errorf("line %d: unknown label %q", c.line, l)
			}
		}
		for k, s := range scores {
			if m := s.count(c, k, got[k]); m != "" {
				misses = append(misses, m)
			}
		}
		all.add(len(c.labels) > 0, len(got) > 0)
	}
	sort.Strings(misses)
	return scores, all, misses
}

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func logDraftScores(t *testing.T, name string, scores map[string]*score, all score) {
	t.Logf("%s: any finding: precision %.3f recall %.3f (tp %d fn %d fp %d tn %d); clean drafts flagged %.3f",
		name, all.precision(), all.recall(), all.tp, all.fn, all.fp, all.tn, all.fpRate())
	t.Logf("%s: %-13s %4s %4s %4s %9s %7s %8s", name, "kind", "pos", "tp", "fp", "precision", "recall", "fp-rate")
	for _, k := range Kinds() {
		s := scores[string(k)]
		t.Logf("%s: %-13s %4d %4d %4d %9.3f %7.3f %8.3f", name, k, s.tp+s.fn, s.tp, s.fp, s.precision(), s.recall(), s.fpRate())
	}
}

// TestCorpusDraftsBlindDev scores the draft checks on the dev half of the
// blind-written drafts, printing every miss.
func TestCorpusDraftsBlindDev(t *testing.T) {
	corpus := readCorpus(t, "testdata/drafts_dev.tsv")
	scores, all, misses := draftScores(t, mustNew(t, Config{}), corpus)
	for _, m := range misses {
		t.Log(m)
	}
	logDraftScores(t, "drafts dev", scores, all)
}

// TestCorpusDraftsBlindFrozen scores the frozen half: figures only.
func TestCorpusDraftsBlindFrozen(t *testing.T) {
	corpus := readCorpus(t, "testdata/drafts_test.tsv")
	scores, all, _ := draftScores(t, mustNew(t, Config{}), corpus)
	logDraftScores(t, "drafts frozen", scores, all)
}
