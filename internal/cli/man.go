package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

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

// WriteMan writes the program's section 1 manual page in roff.
func (t *Table) WriteMan(w io.Writer) {
	fmt.Fprintf(w, ".TH %s 1 \"\" %q \"User Commands\"\n", strings.ToUpper(t.Program), t.Program)
	fmt.Fprintln(w, ".SH NAME")
	fmt.Fprintln(w, roff(t.Program+" - "+t.Summary))
	fmt.Fprintln(w, ".SH SYNOPSIS")
	fmt.Fprintf(w, ".B %[1]s\n.I command\n.RI [ flags ]\n.br\n.B %[1]s \\-\\-version\n", roff(t.Program))
	fmt.Fprintln(w, ".SH DESCRIPTION")
	fmt.Fprintln(w, roff(t.Description))
	fmt.Fprintln(w, ".SH COMMANDS")
	for _, c := range t.Commands {
		fmt.Fprintf(w, ".SS \"%s\"\n", roff(t.Program+" "+c.Usage))
		fmt.Fprintln(w, roff(c.About))
		flagsOf(c).VisitAll(func(f *flag.Flag) {
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
		if c.Exit != "" {
			fmt.Fprintln(w, ".PP\n"+roff(c.Exit))
		}
	}
	fmt.Fprintln(w, ".SH EXIT STATUS")
	fmt.Fprintln(w, roff(t.Exit))
	if len(t.Files) > 0 {
		fmt.Fprintln(w, ".SH FILES")
	}
	for _, f := range t.Files {
		fmt.Fprintf(w, ".TP\n.I %s\n%s\n", roff(f.Path), roff(f.About))
	}
}
