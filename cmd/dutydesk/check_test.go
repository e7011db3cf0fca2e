package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/internal/config"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runCheck(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.txt")
	risky := filepath.Join(dir, "risky.txt")
	os.WriteFile(clean, []byte("The A595 is closed at Bothel. Call 101, or 999 in an emergency.\n"), 0o600)
	os.WriteFile(risky, []byte("Car YX61 KLM was seen\nat 14 Leopold Street.\n"), 0o600)

	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"clean file", "", []string{clean}, 0},
		{"risky file", "", []string{risky}, 1},
		{"risky stdin dash", "you absolute muppet", []string{"-"}, 1},
		{"clean stdin no arg", "Thanks for your patience.", nil, 0},
		{"flag after file", "", []string{risky, "--json"}, 1},
		{"two files", "", []string{clean, risky}, 2},
		{"unknown flag", "", []string{"--nope"}, 2},
		{"missing file", "", []string{filepath.Join(dir, "absent.txt")}, 2},
		{"help", "", []string{"--help"}, 0},
		{"urgent", "help he's got a knife", []string{"--urgency"}, 1},
		{"routine inbound", "Is the A595 open?", []string{"--urgency"}, 0},
	}
	for _, c := range cases {
		code, out, errs := run(t, c.stdin, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", c.name, code, c.code, out, errs)
		}
	}
}

func TestCheckHelpGoesToStdout(t *testing.T) {
	code, out, errs := run(t, "", "-h")
	if code != 0 || !strings.Contains(out, "Usage: dutydesk check") || errs != "" {
		t.Errorf("help: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = run(t, "", "--bogus")
	if code != 2 || out != "" || !strings.Contains(errs, "Usage: dutydesk check") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestCheckMarksSpan(t *testing.T) {
	code, out, _ := run(t, "Thanks all.\nCar YX61 KLM was seen\n")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := "<stdin>:2:5: block plate:"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "Car YX61 KLM was seen" {
			if i+1 >= len(lines) || lines[i+1] != "        ^^^^^^^^" {
				t.Errorf("span not underlined under the plate:\n%s\n%s", l, lines[i+1])
			}
			return
		}
	}
	t.Errorf("offending line not shown:\n%s", out)
}

func TestCheckSanitizesTerminalControls(t *testing.T) {
	_, out, _ := run(t, "\x1b[2J\u202eCar YX61 KLM\n")
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("escape or bidi control echoed to the terminal: %q", out)
	}
}

func TestCheckJSON(t *testing.T) {
	text := "Car YX61 KLM, what a muppet"
	code, out, _ := run(t, text, "--json")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %s", len(got), out)
	}
	for _, key := range []string{"kind", "severity", "start", "end", "text", "reason"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("finding lacks %q: %v", key, got[0])
		}
	}
	start, end := int(got[0]["start"].(float64)), int(got[0]["end"].(float64))
	if got[0]["kind"] != "plate" || got[0]["severity"] != "block" || text[start:end] != "YX61 KLM" || got[0]["text"] != "YX61 KLM" {
		t.Errorf("first finding %v, want the plate YX61 KLM at its span", got[0])
	}
	if got[1]["kind"] != "profanity" || got[1]["severity"] != "warn" {
		t.Errorf("second finding %v, want a profanity warning", got[1])
	}

	code, out, _ = run(t, "Thanks for your patience.", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean --json: exit %d, output %q, want 0 and []", code, out)
	}
}

func TestCheckUrgency(t *testing.T) {
	cases := []struct {
		msg, level, advice, signal string
		code                       int
	}{
		{"someone's trying to get in through my back door right now", "urgent", "999", "threats_intruder", 1},
		{"i've written letters for my kids. just taken the whole box of my tablets", "urgent", "116 123", "self_harm", 1},
		{"please dont reply he reads my phone. hes locked the doors and said tonight im done", "urgent", "999", "no_reply", 1},
		{"My bike was stolen from outside Tesco yesterday", "crime_report", "101", "", 1},
		{"When is the next surgery in Harraby?", "routine", "", "", 0},
	}
	for _, c := range cases {
		code, out, _ := run(t, c.msg, "--urgency", "--json")
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("%q: not JSON: %v\n%s", c.msg, err, out)
		}
		var keys []string
		for k := range raw {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "advice,level,reason,signals" {
			t.Errorf("%q: JSON keys %v, want exactly level, reason, advice, signals\n%s", c.msg, keys, out)
		}
		var u struct {
			Level, Reason, Advice string
			Signals               []string
		}
		if err := json.Unmarshal([]byte(out), &u); err != nil {
			t.Fatalf("%q: %v", c.msg, err)
		}
		if code != c.code || u.Level != c.level || !strings.Contains(u.Advice, c.advice) {
			t.Errorf("%q: exit %d level %q advice %q; want %d %q containing %q", c.msg, code, u.Level, u.Advice, c.code, c.level, c.advice)
		}
		if u.Signals == nil || c.signal != "" && !slices.Contains(u.Signals, c.signal) {
			t.Errorf("%q: signals %q, want a list containing %q", c.msg, u.Signals, c.signal)
		}
		if c.level != "routine" && u.Reason == "" {
			t.Errorf("%q: %s without a reason", c.msg, c.level)
		}
		code, out, _ = run(t, c.msg, "--urgency")
		if code != c.code || !strings.HasPrefix(out, c.level) {
			t.Errorf("%q: text mode exit %d output %q; want %d starting %q", c.msg, code, out, c.code, c.level)
		}
	}
}

func TestCheckConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(good, []byte("[risk]\nallow_numbers = [\"01228 528191\"]\n[risk.severity]\nprofanity = \"block\"\n"), 0o600)
	os.WriteFile(bad, []byte("[risk]\nreference_pattern = \"CR(\"\n"), 0o600)

	if code, out, errs := run(t, "Front desk: 01228 528191", "--config", good); code != 0 {
		t.Errorf("allow-listed number: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ := run(t, "what a muppet", "--config", good, "--json")
	if code != 1 || !strings.Contains(out, `"severity": "block"`) {
		t.Errorf("severity override: exit %d\n%s", code, out)
	}
	code, _, errs := run(t, "x", "--config", bad)
	if code != 2 || !strings.Contains(errs, "risk.reference_pattern") {
		t.Errorf("bad config: exit %d, stderr %q", code, errs)
	}
}

func TestCheckDoubleDash(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "-draft.txt")
	os.WriteFile(f, []byte("Thanks all."), 0o600)
	if code, out, errs := run(t, "", "--json", "--", f); code != 0 {
		t.Errorf("file after --: exit %d\n%s%s", code, out, errs)
	}
}

// TestReadmeRiskSnippet keeps the ready-to-paste [risk] table in
// risk/README.md honest: uncommented, it must decode into risk.Config and
// validate.
func TestReadmeRiskSnippet(t *testing.T) {
	data, err := os.ReadFile("../../risk/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "```toml\n")
	block, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("risk/README.md has no ```toml block")
	}
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if k, _, isSetting := strings.Cut(strings.TrimPrefix(l, "# "), " = "); strings.HasPrefix(l, "# ") && isSetting && !strings.Contains(k, " ") {
			l = strings.TrimPrefix(l, "# ")
		}
		lines = append(lines, l)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600)
	cfg, err := config.LoadRisk(path)
	if err != nil {
		t.Fatalf("README snippet: %v\n%s", err, strings.Join(lines, "\n"))
	}
	if len(cfg.AllowNumbers) != 1 || cfg.ReferencePattern == "" || cfg.Severity["prejudice"] != "block" || len(cfg.ExtraWords["urgent"]) != 1 {
		t.Errorf("README snippet decoded to %+v; want every example setting", cfg)
	}
}
