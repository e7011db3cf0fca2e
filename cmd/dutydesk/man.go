package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// runMan prints the dutydesk(1) manual page in roff, made from the command
// definitions that print --help.
func runMan(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("man", stderr)
	if code, ok := parseFlags("man", fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dutydesk man: unexpected %q\n", fs.Arg(0))
		return 2
	}
	writeMan(stdout)
	return 0
}

// roff escapes text for a roff line: backslashes, hyphens, and a leading
// dot or quote that would read as a request.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	var b strings.Builder
	for _, r := range s {
		if r > 127 {
			fmt.Fprintf(&b, `\[u%04X]`, r) // groff reads the input as Latin-1
			continue
		}
		b.WriteRune(r)
	}
	s = b.String()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

func writeMan(w io.Writer) {
	fmt.Fprintln(w, `.TH DUTYDESK 1 "" "dutydesk" "User Commands"`)
	fmt.Fprintln(w, ".SH NAME")
	fmt.Fprintln(w, `dutydesk \- the duty sergeant's console for a police team's social\-media presence`)
	fmt.Fprintln(w, ".SH SYNOPSIS")
	fmt.Fprintln(w, ".B dutydesk\n.I command\n.RI [ flags ]\n.br\n.B dutydesk \\-\\-version")
	fmt.Fprintln(w, ".SH DESCRIPTION")
	fmt.Fprintln(w, "A terminal console for a police team's Mastodon account: questions from the public, drafts checked")
	fmt.Fprintln(w, "for personal data and tone, duty broadcasts and the shift report. See README.md for the keys.")
	fmt.Fprintln(w, ".SH COMMANDS")
	for _, name := range order {
		c := commands()[name]
		fmt.Fprintf(w, ".SS \"%s\"\n", roff("dutydesk "+c.usage))
		fmt.Fprintln(w, roff(c.about))
		flagsOf(name).VisitAll(func(f *flag.Flag) {
			arg, help := flag.UnquoteUsage(f)
			fmt.Fprintln(w, ".TP")
			if arg != "" {
				fmt.Fprintf(w, ".BI \"\\-\\-%s \" %s\n", roff(f.Name), arg)
			} else {
				fmt.Fprintf(w, ".B \\-\\-%s\n", roff(f.Name))
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
				help += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintln(w, roff(help))
		})
		if c.exit != "" {
			fmt.Fprintln(w, ".PP\n"+roff(c.exit))
		}
	}
	fmt.Fprintln(w, ".SH EXIT STATUS")
	fmt.Fprintln(w, roff(exitStatus))
	fmt.Fprintln(w, ".SH FILES")
	fmt.Fprintln(w, ".TP\n.I $XDG_CONFIG_HOME/dutydesk/config.toml\nthe config (config.example.toml documents every key)")
	fmt.Fprintln(w, ".TP\n.I $XDG_DATA_HOME/dutydesk/desk.db\nthe desk's store (demo.db for the demo)")
}
