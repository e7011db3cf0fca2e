package risk

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var fuzzChecker, _ = New(Config{ReferencePattern: `\bCR/\d+/\d{2}\b`})

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"", "Car YX61 KLM at 14 Leopold Street, CA1 2AB",
		"Shelley Bishop, 38, of Rochdale, DOB 12/03/1986, NI QQ 12 34 56 C",
		"call +44 (0)1228 528191 or bob@x.co.uk, @user@instance.social",
		"Amy (15) from Trinity School. The victim, Sarah Jones, was hurt.",
		"crime ref CR/12345/24 thug scumbag well done genius",
		"d.o.b. 1.1.2000 aged 3", "Zoë’s 12 Ñandú Road", "\xff\xfe 12 \xc3 Road @", "@@@ a@b.cc @a@b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := fuzzChecker.Check(text)
		valid := utf8.ValidString(text)
		for i, x := range fs {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Fatalf("finding %d %s: span %d:%d out of bounds for %d bytes", i, x.Kind, x.Start, x.End, len(text))
			}
			if text[x.Start:x.End] != x.Text {
				t.Fatalf("finding %d: Text %q is not text[%d:%d]", i, x.Text, x.Start, x.End)
			}
			if valid && (!utf8.RuneStart(text[x.Start]) || x.End < len(text) && !utf8.RuneStart(text[x.End])) {
				t.Fatalf("finding %d: span %d:%d splits a character", i, x.Start, x.End)
			}
			if i > 0 && fs[i-1].Start > x.Start {
				t.Fatalf("findings not sorted")
			}
			if !x.Kind.Valid() || x.Severity != Block && x.Severity != Warn {
				t.Fatalf("finding %d: bad kind %q or severity %q", i, x.Kind, x.Severity)
			}
		}
	})
}

func FuzzUrgency(f *testing.F) {
	for _, s := range []string{"", "help", "HELP!", "he's got a knife right now", "my bike was stolen", "not an emergency", "help?\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		u := fuzzChecker.Urgency(text)
		if u.Level < Routine || u.Level > Urgent {
			t.Fatalf("level %d out of range", u.Level)
		}
		if (u.Level == Routine) != (u.Advice == "") {
			t.Fatalf("level %v with advice %q", u.Level, u.Advice)
		}
	})
}

// TestHostileInputIsFast checks that large inputs built to provoke
// quadratic work (no sentence ends, a cue or name in every word, endless
// digits) cost no more per byte than ordinary text, within a margin: the
// checks stay linear. It compares against ordinary text timed on the same
// machine so that it holds under -race and on slow runners.
func TestHostileInputIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	data, err := os.ReadFile("testdata/drafts.tsv")
	if err != nil {
		t.Fatal(err)
	}
	const size = 1 << 20
	timeIt := func(text string) time.Duration {
		start := time.Now()
		fuzzChecker.Check(text)
		fuzzChecker.Urgency(text)
		return time.Since(start)
	}
	normal := strings.Repeat(string(data), size/len(data)+1)[:size]
	base := timeIt(normal)
	for _, unit := range []string{
		"Sarah Jones victim was assaulted Amy 15 boy Trinity School ",
		"12/03/1986 born aged 38 Shelley Bishop, 38, ",
		"0 0 0 0 0 0 0 0 0 0 0 0 0 ",
		"@@@@a@@b.c.d.e.f ",
		"AB12 CDE QQ 12 34 56 ",
		"crime ref 1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/",
		"help help help help knife ",
	} {
		text := strings.Repeat(unit, size/len(unit))
		if d := timeIt(text); d > 8*base+100*time.Millisecond {
			t.Errorf("1 MB of %q took %v; ordinary text took %v", unit, d, base)
		}
	}
}
