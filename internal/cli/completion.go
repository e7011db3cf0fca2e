package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Completions are the shells WriteCompletion writes a script for.
var Completions = []string{"bash", "zsh", "fish"}

// WriteCompletion writes the completion script for shell (one of
// Completions); it reports false for a shell it does not know.
func (t *Table) WriteCompletion(w io.Writer, shell string) bool {
	switch shell {
	case "bash":
		t.bash(w)
	case "zsh":
		t.zsh(w)
	case "fish":
		t.fish(w)
	default:
		return false
	}
	return true
}

// words are the words a command takes besides flags, from its synopsis:
// "duty on|off [...]" takes on and off.
func words(c Command) []string {
	fields := strings.Fields(c.Usage)
	if len(fields) > 1 && strings.Contains(fields[1], "|") && !strings.ContainsAny(fields[1], "[-") {
		return strings.Split(fields[1], "|")
	}
	return nil
}

// compFlag is one flag as completion needs it.
type compFlag struct {
	name, arg, help string // arg: the value's name ("FILE"), "" for a switch
	file            bool   // its value is a file name
}

// compFlags are a command's flags, in order.
func compFlags(c Command) []compFlag {
	var out []compFlag
	flagsOf(c).VisitAll(func(f *flag.Flag) {
		arg, help := flag.UnquoteUsage(f)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			arg = ""
		}
		if i := strings.IndexAny(help, ";("); i > 0 {
			help = strings.TrimSpace(help[:i])
		}
		out = append(out, compFlag{name: f.Name, arg: arg, help: help, file: arg == "FILE" || arg == "PATH"})
	})
	return out
}

func (t *Table) bash(w io.Writer) {
	p := t.Program
	fmt.Fprintf(w, "# bash completion for %[1]s: source <(%[1]s completion bash)\n", p)
	fmt.Fprintf(w, "_%s() {\n", p)
	fmt.Fprintln(w, `	local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts=""`)
	var names []string
	for _, c := range t.Commands {
		names = append(names, c.Name)
	}
	fmt.Fprintf(w, "\tif [[ $COMP_CWORD -eq 1 ]]; then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n",
		strings.Join(names, " ")+" help --help --version")
	fmt.Fprintln(w, `	case "${COMP_WORDS[1]}" in`)
	for _, c := range t.Commands {
		var opts, files []string
		for _, f := range compFlags(c) {
			opts = append(opts, "--"+f.name)
			if f.file {
				files = append(files, "--"+f.name)
			}
		}
		opts = append(append(opts, "--help"), words(c)...)
		fmt.Fprintf(w, "\t%s)\n", c.Name)
		if len(files) > 0 {
			fmt.Fprintf(w, "\t\tcase \"$prev\" in %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac\n", strings.Join(files, "|"))
		}
		fmt.Fprintf(w, "\t\topts=%q ;;\n", strings.Join(opts, " "))
	}
	fmt.Fprintln(w, "\tesac")
	fmt.Fprintln(w, `	COMPREPLY=($(compgen -W "$opts" -- "$cur"))`)
	fmt.Fprintln(w, "}")
	fmt.Fprintf(w, "complete -o default -F _%[1]s %[1]s\n", p)
}

func (t *Table) zsh(w io.Writer) {
	q := func(s string) string { // inside '…' of an _arguments spec
		return strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
	}
	p := t.Program
	fmt.Fprintf(w, "#compdef %s\n", p)
	fmt.Fprintf(w, "# zsh completion for %[1]s: %[1]s completion zsh > \"${fpath[1]}/_%[1]s\"\n", p)
	fmt.Fprintf(w, "_%s() {\n", p)
	fmt.Fprintln(w, "\tlocal -a commands")
	fmt.Fprintln(w, "\tcommands=(")
	for _, c := range t.Commands {
		fmt.Fprintf(w, "\t\t'%s:%s'\n", c.Name, q(c.Summary))
	}
	fmt.Fprintln(w, "\t)")
	fmt.Fprintln(w, "\tif (( CURRENT == 2 )); then\n\t\t_describe 'command' commands\n\t\treturn\n\tfi")
	fmt.Fprintln(w, "\tlocal cmd=$words[2]\n\tshift words\n\t(( CURRENT-- ))\n\tcase $cmd in")
	for _, c := range t.Commands {
		fmt.Fprintf(w, "\t%s)\n\t\t_arguments", c.Name)
		for _, f := range compFlags(c) {
			spec := fmt.Sprintf("--%s[%s]", f.name, q(f.help))
			switch {
			case f.file:
				spec += ":" + f.arg + ":_files"
			case f.arg != "":
				spec += ":" + f.arg + ": "
			}
			fmt.Fprintf(w, " \\\n\t\t\t'%s'", spec)
		}
		if ws := words(c); len(ws) > 0 {
			fmt.Fprintf(w, " \\\n\t\t\t'1:%s:(%s)'", c.Name, strings.Join(ws, " "))
		}
		fmt.Fprintln(w, " ;;")
	}
	fmt.Fprintln(w, "\tesac\n}")
	fmt.Fprintf(w, "_%s \"$@\"\n", p)
}

func (t *Table) fish(w io.Writer) {
	q := func(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'" }
	p := t.Program
	fmt.Fprintf(w, "# fish completion for %[1]s: %[1]s completion fish > ~/.config/fish/completions/%[1]s.fish\n", p)
	fmt.Fprintf(w, "complete -c %s -f\n", p)
	fmt.Fprintf(w, "complete -c %s -l version -d 'print the version'\n", p)
	for _, c := range t.Commands {
		fmt.Fprintf(w, "complete -c %s -n __fish_use_subcommand -a %s -d %s\n", p, c.Name, q(c.Summary))
	}
	for _, c := range t.Commands {
		when := "'__fish_seen_subcommand_from " + c.Name + "'"
		for _, f := range compFlags(c) {
			extra := ""
			switch {
			case f.file:
				extra = " -r -F"
			case f.arg != "":
				extra = " -x"
			}
			fmt.Fprintf(w, "complete -c %s -n %s -l %s%s -d %s\n", p, when, f.name, extra, q(f.help))
		}
		if ws := words(c); len(ws) > 0 {
			fmt.Fprintf(w, "complete -c %s -n %s -a %s\n", p, when, q(strings.Join(ws, " ")))
		}
	}
}
