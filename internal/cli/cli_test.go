package cli

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func table() *Table {
	return &Table{
		Program: "tool", Summary: "a tool", Description: "It does things.", Exit: "Exit status: 0 ok.",
		Commands: []Command{
			{Name: "fetch", Summary: "fetch a thing", Usage: "fetch [--out FILE] [--retries N]", About: "Fetches.",
				Flags: func(fs *flag.FlagSet) {
					fs.String("out", "", "write to `FILE`")
					fs.Int("retries", 3, "try `N` times")
					fs.Bool("quiet", false, "say nothing")
				}},
			{Name: "mode", Summary: "switch it on or off", Usage: "mode on|off", About: ".start of a line",
				Exit: "Exit status: 0 switched, 1 stuck."},
		},
	}
}

// Every flag a command defines reaches every shell's script, a file-valued
// flag completes file names, and the words of an a|b synopsis are offered.
func TestCompletionOffersEveryFlag(t *testing.T) {
	for _, shell := range Completions {
		var b bytes.Buffer
		if !table().WriteCompletion(&b, shell) {
			t.Fatalf("%s: not written", shell)
		}
		out := b.String()
		for _, want := range []string{"fetch", "mode", "out", "retries", "quiet", "on", "off"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s completion lacks %q:\n%s", shell, want, out)
			}
		}
	}
	var b bytes.Buffer
	table().WriteCompletion(&b, "bash")
	if !strings.Contains(b.String(), `case "$prev" in --out) COMPREPLY=($(compgen -f`) {
		t.Errorf("bash does not complete files after --out:\n%s", b.String())
	}
	if table().WriteCompletion(&b, "tcsh") {
		t.Error("tcsh: reported written")
	}
}

// The man page escapes hyphens and a leading dot, gives defaults that are
// not zero, and names a command's own exit status.
func TestManEscapesAndDefaults(t *testing.T) {
	var b bytes.Buffer
	table().WriteMan(&b)
	out := b.String()
	for _, want := range []string{
		`.TH TOOL 1 "" "tool" "User Commands"`,
		`.SS "tool fetch [\-\-out FILE] [\-\-retries N]"`,
		`.BI "\-\-retries " N` + "\ntry N times (default 3)\n",
		".B \\-\\-quiet\nsay nothing\n",
		`\&.start of a line`,
		".PP\nExit status: 0 switched, 1 stuck.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("man page lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "(default false)") {
		t.Errorf("man page gives a switch's zero default:\n%s", out)
	}
}

// A command's help has its synopsis, its flags and the exit status, its own
// where it has one.
func TestHelpFallsBackToTheTablesExitStatus(t *testing.T) {
	for name, exit := range map[string]string{"fetch": "Exit status: 0 ok.", "mode": "Exit status: 0 switched, 1 stuck."} {
		c, _ := table().Lookup(name)
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		if c.Flags != nil {
			c.Flags(fs)
		}
		var b bytes.Buffer
		table().WriteHelp(&b, name, fs)
		out := b.String()
		if !strings.HasPrefix(out, "Usage: tool "+c.Usage+"\n") || !strings.HasSuffix(out, "\n"+exit+"\n") {
			t.Errorf("%s help:\n%s", name, out)
		}
		if hasFlags := strings.Contains(out, "\nFlags:\n"); hasFlags != (name == "fetch") {
			t.Errorf("%s help: Flags section %v:\n%s", name, hasFlags, out)
		}
	}
}
