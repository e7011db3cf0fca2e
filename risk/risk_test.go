package risk

import (
	"errors"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/internal/fielderr"
)

func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Kind)+":"+string(f.Severity)+":"+f.Text)
	}
	return out
}

func mustNew(t *testing.T, c Config) *Checker {
	t.Helper()
	ch, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestCheckFindsAndMarks(t *testing.T) {
	ch := mustNew(t, Config{})
	cases := []struct {
		text string
		want []string // kind:severity:text, in order
	}{
		{"Car YX61 KLM was seen", []string{"plate:block:YX61 KLM"}},
		{"plate yx61klm seen", []string{"plate:block:yx61klm"}},
		{"a Mini, ABC 123D, and a Rover A123 BCD", []string{"plate:block:ABC 123D", "plate:block:A123 BCD"}},
		{"private plate DAN 7 seen", []string{"plate:warn:DAN 7"}},
		{"at CA1 2AB now", []string{"postcode:block:CA1 2AB"}},
		{"in the CA2 area", []string{"postcode:warn:CA2"}},
		{"at 14 Leopold Street", []string{"address:block:14 Leopold Street"}},
		{"call 07700 900123", []string{"phone:block:07700 900123"}},
		{"call +44 (0)1228 528191", []string{"phone:block:+44 (0)1228 528191"}},
		{"mail bob.smith@gmail.com.", []string{"email:block:bob.smith@gmail.com"}},
		{"DOB 12/03/1986", []string{"dob:block:12/03/1986"}},
		{"born 3rd May 2001", []string{"dob:block:3rd May 2001"}},
		{"NI QQ 12 34 56 C", []string{"ni_number:block:QQ 12 34 56 C"}},
		{"Shelley Bishop, 38, of Rochdale was charged", []string{"named_person:block:Shelley Bishop, 38, of Rochdale"}},
		{"Amy, 15, from Currock", []string{"child:block:Amy, 15, from Currock"}},
		{"a 15-year-old girl from Trinity School", []string{"child:block:Trinity School"}},
		{"The victim, Sarah Jones, was hurt", []string{"victim:block:Sarah Jones"}},
		{"quote crime ref CR/12345/24", []string{"reference:block:CR/12345/24"}},
		{"this thug got what he deserved", []string{"prejudice:warn:thug", "prejudice:warn:got what he deserved"}},
		{"what a muppet", []string{"profanity:warn:muppet"}},
		{"well done genius", []string{"sarcasm:warn:well done genius"}},
	}
	for _, c := range cases {
		got := kinds(ch.Check(c.text))
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Check(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestCheckLeavesAlone(t *testing.T) {
	ch := mustNew(t, Config{})
	for _, text := range []string{
		"Emergencies 999, non-emergencies 101, NHS 111, or 112 from a mobile.",
		"Call Crimestoppers anonymously on 0800 555 111.",
		"Talk to Samaritans free on 116 123, any time, or call 999.",
		"Samaritans: 116123 (free, 24 hours).",
		"Closed from 22:00 until 06:00 on the A595, the M6 at J40 and the B5299.",
		"Thanks to @user@instance.social and @team3@police.social for sharing.",
		"In 2023 we marked 600 bikes; in 2024 even more.",
		"a 34-year-old man from Salford has been arrested",
		"The collision happened on 12/03/2024 and a 40-year-old man was hurt.",
		"He was found guilty and she pleaded guilty; another was found not guilty.",
		"PC 1234 Khan and Sgt Morris, 45, attended.",
		"Email team3@cumbria.police.uk for non-urgent matters.",
		"Victoria Road is closed; St Mary's Primary had a road safety talk.",
	} {
		if fs := ch.Check(text); len(fs) != 0 {
			t.Errorf("Check(%q) = %q, want nothing", text, kinds(fs))
		}
	}
}

func TestFindingSpansMatchText(t *testing.T) {
	ch := mustNew(t, Config{})
	text := "Zoë Bishop, 38, of Rochdale — car YX61 KLM at 14 Leopold Street, CA1 2AB. Call 07700 900123."
	fs := ch.Check(text)
	if len(fs) < 5 {
		t.Fatalf("got %q, want at least 5 findings", kinds(fs))
	}
	for i, f := range fs {
		if text[f.Start:f.End] != f.Text {
			t.Errorf("finding %d: span %d:%d is %q, Text is %q", i, f.Start, f.End, text[f.Start:f.End], f.Text)
		}
		if f.Reason == "" || f.Fix == "" {
			t.Errorf("finding %d (%s) has no reason or fix", i, f.Kind)
		}
		if i > 0 && fs[i-1].Start > f.Start {
			t.Errorf("findings not sorted by Start: %d then %d", fs[i-1].Start, f.Start)
		}
	}
	if !strings.HasPrefix(fs[0].Text, "Zoë Bishop") {
		t.Errorf("first finding %q, want the name with the non-ASCII letter", fs[0].Text)
	}
}

func TestBlocksWarns(t *testing.T) {
	fs := Check("The thug in YX61 KLM, what a muppet.", Config{})
	if b, w := Blocks(fs), Warns(fs); b != 1 || w != 2 {
		t.Errorf("Blocks, Warns = %d, %d; want 1, 2 (findings %q)", b, w, kinds(fs))
	}
}

func TestConfig(t *testing.T) {
	c := Config{
		AllowNumbers:     []string{"01228 528191"},
		Allow:            []string{"14 Leopold Street"},
		ExtraWords:       map[string][]string{"prejudice": {"ne'er-do-well"}, "named_person": {"Shelley Bishop"}, "urgent": {"code red"}, "crime_report": {"pinched"}},
		Severity:         map[string]string{"prejudice": "block", "plate": "warn"},
		ReferencePattern: `\bPR\d{6}\b`,
	}
	ch := mustNew(t, c)
	got := kinds(ch.Check("Ring +44 1228 528191 or 14 Leopold Street. That ne'er-do-well thug in YX61 KLM, PR123456, Shelley Bishop."))
	want := []string{"prejudice:block:ne'er-do-well", "prejudice:block:thug", "plate:warn:YX61 KLM", "reference:block:PR123456", "named_person:block:Shelley Bishop"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("with config\n got %q\nwant %q", got, want)
	}
	if u := ch.Urgency("code red at the shops"); u.Level != Urgent {
		t.Errorf("extra urgent word: got %v", u.Level)
	}
	if u := ch.Urgency("my bike got pinched"); u.Level != CrimeReport {
		t.Errorf("extra crime word: got %v", u.Level)
	}
	// The package-level Check uses the config too.
	if fs := Check("call 01228 528191", c); len(fs) != 0 {
		t.Errorf("allow-listed number flagged: %q", kinds(fs))
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		c    Config
		want string
	}{
		{Config{Severity: map[string]string{"plate": "stop"}}, "risk.severity.plate"},
		{Config{Severity: map[string]string{"plates": "block"}}, `unknown kind "plates"`},
		{Config{ExtraWords: map[string][]string{"rude": {"x"}}}, `risk.extra_words: unknown kind "rude"`},
		{Config{ExtraWords: map[string][]string{"profanity": {"  "}}}, "risk.extra_words.profanity[0]"},
		{Config{ReferencePattern: `CR(\d+`}, "risk.reference_pattern"},
		{Config{ReferencePattern: `\d*`}, "matches empty text"},
		{Config{AllowNumbers: []string{"station"}}, "risk.allow_numbers[0]"},
	}
	for _, c := range cases {
		err := c.c.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate(%+v) = %v, want an error containing %q", c.c, err, c.want)
		}
		// The config loader finds the line by the key, not by the words.
		var fe *fielderr.FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Key, "risk.") || !strings.HasPrefix(err.Error(), fe.Key+": ") {
			t.Errorf("Validate(%+v) = %v, not a FieldError naming its key", c.c, err)
		}
		if _, err := New(c.c); err == nil {
			t.Errorf("New(%+v) accepted an invalid config", c.c)
		}
	}
	if err := (Config{Severity: map[string]string{"sarcasm": "block"}}).Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
}

func TestUrgency(t *testing.T) {
	ch := mustNew(t, Config{})
	cases := []struct {
		text string
		want Level
	}{
		{"help there's a man following me down London Rd", Urgent},
		{"HELP!", Urgent},
		{"he's got a knife", Urgent},
		{"someone is breaking in next door", Urgent},
		{"they're stealing a car right now", Urgent},
		{"my car was stolen last night", CrimeReport},
		{"not an emergency but I was scammed", CrimeReport},
		{"Can you help with my bike marking?", Routine},
		{"Is the road open now?", Routine},
		{"", Routine},
	}
	for _, c := range cases {
		u := ch.Urgency(c.text)
		if u.Level != c.want {
			t.Errorf("Urgency(%q) = %v (%s), want %v", c.text, u.Level, u.Reason, c.want)
		}
		switch u.Level {
		case Urgent:
			if !strings.Contains(u.Advice, "999") || u.Reason == "" {
				t.Errorf("Urgency(%q): urgent without 999 advice or reason: %+v", c.text, u)
			}
		case CrimeReport:
			if !strings.Contains(u.Advice, "101") || u.Reason == "" {
				t.Errorf("Urgency(%q): crime report without 101 advice or reason: %+v", c.text, u)
			}
		case Routine:
			if u.Advice != "" {
				t.Errorf("Urgency(%q): routine with advice %q", c.text, u.Advice)
			}
		}
	}
}

func TestLevelString(t *testing.T) {
	for l, want := range map[Level]string{Routine: "routine", CrimeReport: "crime_report", Urgent: "urgent", Level(9): "Level(9)"} {
		if l.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(l), l.String(), want)
		}
	}
}

func TestKindsValid(t *testing.T) {
	seen := map[Kind]bool{}
	for _, k := range Kinds() {
		if !k.Valid() || seen[k] || fixFor[k] == "" {
			t.Errorf("kind %q: valid=%v duplicate=%v fix=%q", k, k.Valid(), seen[k], fixFor[k])
		}
		seen[k] = true
	}
	if Kind("nonsense").Valid() {
		t.Error(`Kind("nonsense").Valid() = true`)
	}
}
