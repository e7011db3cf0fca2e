package risk

import "testing"

// TestNegatorStems keeps the negator stems equal to the stems of the words
// they stand for, whatever the stemmer does to them.
func TestNegatorStems(t *testing.T) {
	want := map[string]bool{}
	for _, w := range []string{"not", "no", "never", "isn't", "wasn't", "aren't", "weren't", "nobody", "nothing", "without", "false"} {
		want[stemUncached(w)] = true
	}
	for s := range want {
		if !negatorStems[s] {
			t.Errorf("negatorStems lacks %q", s)
		}
	}
	if len(want) != len(negatorStems) {
		t.Errorf("negatorStems = %v, want %v", negatorStems, want)
	}
}
