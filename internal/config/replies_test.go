package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/risk"
)

func riskCheck(t *testing.T) desk.Checker {
	t.Helper()
	ch, err := risk.New(risk.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return func(text string) []desk.Finding {
		var out []desk.Finding
		for _, f := range ch.Check(text) {
			out = append(out, desk.Finding{Kind: string(f.Kind), Severity: string(f.Severity), Start: f.Start, End: f.End, Reason: f.Reason})
		}
		return out
	}
}

func TestSavedRepliesAreValidatedWithLines(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no name", "team = \"x\"\n\n[[replies]]\ntext = \"Thanks {name}\"\n", `:3: replies[0].name is not set`},
		{"no text", "[[replies]]\nname = \"a\"\ntext = \"ok\"\n\n[[replies]]\nname = \"b\"\n", `:5: replies[1] ("b") has no text`},
		{"twice", "[[replies]]\nname = \"a\"\ntext = \"ok\"\n[[replies]]\nname = \"a\"\ntext = \"ok\"\n", `:5: replies[1].name "a" is used twice`},
		{"unknown field", "[[replies]]\nname = \"ack\"\ntext = \"Thanks {nmae}, we've seen this\"\n", `:3: replies[0].text ("ack") uses unknown field {nmae}`},
		{"too long", "[[replies]]\nname = \"long\"\ntext = \"" + strings.Repeat("word ", 90) + "\"\n", `:3: replies[0].text ("long") is 450 characters`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { loadRefused(t, c.src, c.want) })
	}
}

func TestABlockedSavedReplyIsRefusedWithTheFinding(t *testing.T) {
	cfg, err := Parse("team.toml", "team = \"Team 3\"\n\n[[replies]]\nname = \"ok\"\ntext = \"Thanks {name}\"\n\n[[replies]]\nname = \"ring me\"\ntext = \"Thanks {name}, ring me on 07700 900123\"\n")
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.CheckReplies(riskCheck(t))
	if err == nil || !strings.Contains(err.Error(), `team.toml:9: replies[1] ("ring me") is blocked by the risk check: phone "07700 900123"`) {
		t.Fatalf("error %v, want the reply refused at its line with the finding", err)
	}
}

func TestTheStarterRepliesLoadPassTheCheckAndFill(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.CheckReplies(riskCheck(t)); err != nil {
		t.Fatalf("a starter reply is blocked: %v", err)
	}
	names := map[string]bool{}
	for _, r := range cfg.SavedReplies() {
		names[r.Name] = true
	}
	for _, want := range []string{"acknowledge", "call 101 / report online", "can't discuss cases", "thanks for the information", "passed to the team"} {
		if !names[want] {
			t.Errorf("config.example.toml has no saved reply %q", want)
		}
	}
	ack := cfg.SavedReplies()[0]
	got := ack.Fill(desk.ReplyVars{Name: "Amy", Officer: "PC Ellis", Team: "Team 3", When: "within 24 hours"})
	if want := "Thanks Amy, we've seen this. PC Ellis will get back to you within 24 hours. If it's an emergency, call 999."; got != want {
		t.Fatalf("filled %q, want %q", got, want)
	}
}
