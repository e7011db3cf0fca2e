package risk

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// The labelled corpora are the quality bar of this package: per kind, the
// checker must find at least minRecall of the lines labelled with it and
// flag at most maxFPRate of the lines not labelled with it.
const (
	minRecall = 0.95
	maxFPRate = 0.03
)

type labelled struct {
	line   int
	labels map[string]bool // empty for "clean"/"routine"
	text   string
}

// corpusLine is one line of a corpus file: its number and its fields.
type corpusLine struct {
	n      int
	fields []string
}

// readTSV reads a corpus file of lines of n tab-separated fields, the last
// not empty, passing over blank lines and # comments; a line of another
// form fails the test, saying the form wanted.
func readTSV(t testing.TB, path string, n int, form string) []corpusLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for i := 1; sc.Scan(); i++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, "\t", n)
		if len(fields) != n || strings.TrimSpace(fields[n-1]) == "" {
			t.Fatalf("%s:%d: want %s", path, i, form)
		}
		out = append(out, corpusLine{n: i, fields: fields})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readCorpus(t *testing.T, path string) []labelled {
	t.Helper()
	var out []labelled
	for _, c := range readTSV(t, path, 2, "<labels> TAB <text>") {
		l := labelled{line: c.n, labels: map[string]bool{}, text: c.fields[1]}
		for _, x := range strings.Split(c.fields[0], ",") {
			if x = strings.TrimSpace(x); x != "clean" && x != "routine" {
				l.labels[x] = true
			}
		}
		out = append(out, l)
	}
	return out
}

// score is the confusion counts for one label.
type score struct{ tp, fn, fp, tn int }

// count adds line c to the counts for label, given whether the check found
// it, and returns the miss to print when the check was wrong ("" when right).
func (s *score) count(c labelled, label string, have bool) (miss string) {
	want := c.labels[label]
	s.add(want, have)
	switch {
	case want && !have:
		return fmt.Sprintf("line %d: missed %s: %s", c.line, label, c.text)
	case have && !want:
		return fmt.Sprintf("line %d: false %s: %s", c.line, label, c.text)
	}
	return ""
}

// add counts one line: want is whether it should be found, have whether
// it was.
func (s *score) add(want, have bool) {
	switch {
	case want && have:
		s.tp++
	case want:
		s.fn++
	case have:
		s.fp++
	default:
		s.tn++
	}
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

func (s score) fpRate() float64 {
	if s.fp+s.tn == 0 {
		return 0
	}
	return float64(s.fp) / float64(s.fp+s.tn)
}

// evaluate scores got (the labels produced per line) against the corpus and
// fails the test for any label below the bar. It returns the report table.
func evaluate(t *testing.T, name string, corpus []labelled, labels []string, got func(string) map[string]bool) {
	t.Helper()
	scores := map[string]*score{}
	for _, l := range labels {
		scores[l] = &score{}
	}
	var misses []string
	for _, c := range corpus {
		g := got(c.text)
		for _, l := range labels {
			if m := scores[l].count(c, l, g[l]); m != "" {
				misses = append(misses, m)
			}
		}
		for l := range c.labels {
			if scores[l] == nil {
				t.Errorf("line %d: unknown label %q", c.line, l)
			}
		}
	}
	sort.Strings(misses)
	for _, m := range misses {
		t.Log(m)
	}
	t.Logf("%s: %d lines", name, len(corpus))
	t.Logf("%-14s %5s %5s %5s %8s %8s", "label", "pos", "tp", "fp", "recall", "fp-rate")
	for _, l := range labels {
		s := scores[l]
		t.Logf("%-14s %5d %5d %5d %8.3f %8.3f", l, s.tp+s.fn, s.tp, s.fp, s.recall(), s.fpRate())
		if s.tp+s.fn == 0 {
			t.Errorf("%s: no lines labelled %s; the corpus must exercise every label", name, l)
		}
		if s.recall() < minRecall {
			t.Errorf("%s: recall for %s is %.3f, below %.2f", name, l, s.recall(), minRecall)
		}
		if s.fpRate() > maxFPRate {
			t.Errorf("%s: false-positive rate for %s is %.3f, above %.2f", name, l, s.fpRate(), maxFPRate)
		}
	}
}

func TestCorpusDrafts(t *testing.T) {
	corpus := readCorpus(t, "testdata/drafts.tsv")
	if len(corpus) < 300 {
		t.Fatalf("drafts corpus has %d lines, want at least 300", len(corpus))
	}
	clean := 0
	for _, c := range corpus {
		if len(c.labels) == 0 {
			clean++
		}
	}
	if clean < len(corpus)/3 || clean > 2*len(corpus)/3 {
		t.Errorf("drafts corpus is unbalanced: %d clean of %d", clean, len(corpus))
	}
	ch, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, k := range Kinds() {
		labels = append(labels, string(k))
	}
	evaluate(t, "drafts", corpus, labels, func(text string) map[string]bool {
		m := map[string]bool{}
		for _, f := range ch.Check(text) {
			m[string(f.Kind)] = true
		}
		return m
	})
}

func TestCorpusInbound(t *testing.T) {
	corpus := readCorpus(t, "testdata/inbound.tsv")
	if len(corpus) < 100 {
		t.Fatalf("inbound corpus has %d lines, want at least 100", len(corpus))
	}
	ch, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	evaluate(t, "inbound", corpus, []string{Urgent.String(), CrimeReport.String()}, func(text string) map[string]bool {
		// An emergency counts as found when it is flagged: urgent or possible.
		u := ch.Urgency(text)
		switch {
		case u.Level.Flagged():
			return map[string]bool{Urgent.String(): true}
		case u.Level == CrimeReport:
			return map[string]bool{CrimeReport.String(): true}
		}
		return nil
	})
}
