package risk

import (
	"fmt"
	"os"
	"strings"
	"testing"
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

// BenchmarkHostileInput checks 1 MB of text built to be slow (long runs of
// names, dates, digits, @ signs, plates, reference numbers, alarm words)
// beside 1 MB of ordinary drafts. Compare MB/s within one run: the checks
// are single passes, so none should be more than a few times slower than
// ordinary text. A timing belongs here, not in a test: these machines are
// shared and noisy.
func BenchmarkHostileInput(b *testing.B) {
	data, err := os.ReadFile("testdata/drafts.tsv")
	if err != nil {
		b.Fatal(err)
	}
	const size = 1 << 20
	inputs := []struct{ name, text string }{{"ordinary", strings.Repeat(string(data), size/len(data)+1)[:size]}}
	for i, unit := range []string{
		"Sarah Jones victim was assaulted Amy 15 boy Trinity School ",
		"12/03/1986 born aged 38 Shelley Bishop, 38, ",
		"0 0 0 0 0 0 0 0 0 0 0 0 0 ",
		"@@@@a@@b.c.d.e.f ",
		"AB12 CDE QQ 12 34 56 ",
		"crime ref 1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/",
		"help help help help knife ",
	} {
		inputs = append(inputs, struct{ name, text string }{fmt.Sprintf("hostile-%d", i), strings.Repeat(unit, size/len(unit))})
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for i := 0; i < b.N; i++ {
				fuzzChecker.Check(in.text)
				fuzzChecker.Urgency(in.text)
			}
		})
	}
}
