package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// runCompletion prints the completion script for a shell, made from the
// command definitions that print --help.
func runCompletion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("completion", stderr)
	if code, ok := parseFlags("completion", fs, args, stdout, stderr); !ok {
		return code
	}
	shells := map[string]func(io.Writer){"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}
	write, ok := shells[fs.Arg(0)]
	if fs.NArg() != 1 || !ok {
		fmt.Fprintf(stderr, "dutydesk completion: say bash, zsh or fish (got %q)\n", strings.Join(fs.Args(), " "))
		writeHelp(stderr, "completion", fs)
		return 2
	}
	write(stdout)
	return 0
}

// words are the words a command takes besides flags, from its synopsis:
// "duty on|off [...]" takes on and off.
func words(name string) []string {
	fields := strings.Fields(commands()[name].usage)
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
func compFlags(name string) []compFlag {
	var out []compFlag
	flagsOf(name).VisitAll(func(f *flag.Flag) {
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

func bashCompletion(w io.Writer) {
	fmt.Fprintln(w, "# bash completion for dutydesk: source <(dutydesk completion bash)")
	fmt.Fprintln(w, "_dutydesk() {")
	fmt.Fprintln(w, `	local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts=""`)
	fmt.Fprintf(w, "\tif [[ $COMP_CWORD -eq 1 ]]; then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n",
		strings.Join(order, " ")+" help --help --version")
	fmt.Fprintln(w, `	case "${COMP_WORDS[1]}" in`)
	for _, name := range order {
		var opts, files []string
		for _, f := range compFlags(name) {
			opts = append(opts, "--"+f.name)
			if f.file {
				files = append(files, "--"+f.name)
			}
		}
		opts = append(append(opts, "--help"), words(name)...)
		fmt.Fprintf(w, "\t%s)\n", name)
		if len(files) > 0 {
			fmt.Fprintf(w, "\t\tcase \"$prev\" in %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac\n", strings.Join(files, "|"))
		}
		fmt.Fprintf(w, "\t\topts=%q ;;\n", strings.Join(opts, " "))
	}
	fmt.Fprintln(w, "\tesac")
	fmt.Fprintln(w, `	COMPREPLY=($(compgen -W "$opts" -- "$cur"))`)
	fmt.Fprintln(w, "}")
	fmt.Fprintln(w, "complete -o default -F _dutydesk dutydesk")
}

func zshCompletion(w io.Writer) {
	q := func(s string) string { // inside '…' of an _arguments spec
		return strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
	}
	fmt.Fprintln(w, "#compdef dutydesk")
	fmt.Fprintln(w, "# zsh completion for dutydesk: dutydesk completion zsh > \"${fpath[1]}/_dutydesk\"")
	fmt.Fprintln(w, "_dutydesk() {")
	fmt.Fprintln(w, "\tlocal -a commands")
	fmt.Fprintln(w, "\tcommands=(")
	for _, name := range order {
		fmt.Fprintf(w, "\t\t'%s:%s'\n", name, q(commands()[name].summary))
	}
	fmt.Fprintln(w, "\t)")
	fmt.Fprintln(w, "\tif (( CURRENT == 2 )); then\n\t\t_describe 'command' commands\n\t\treturn\n\tfi")
	fmt.Fprintln(w, "\tlocal cmd=$words[2]\n\tshift words\n\t(( CURRENT-- ))\n\tcase $cmd in")
	for _, name := range order {
		fmt.Fprintf(w, "\t%s)\n\t\t_arguments", name)
		for _, f := range compFlags(name) {
			spec := fmt.Sprintf("--%s[%s]", f.name, q(f.help))
			switch {
			case f.file:
				spec += ":" + f.arg + ":_files"
			case f.arg != "":
				spec += ":" + f.arg + ": "
			}
			fmt.Fprintf(w, " \\\n\t\t\t'%s'", spec)
		}
		if ws := words(name); len(ws) > 0 {
			fmt.Fprintf(w, " \\\n\t\t\t'1:%s:(%s)'", name, strings.Join(ws, " "))
		}
		fmt.Fprintln(w, " ;;")
	}
	fmt.Fprintln(w, "\tesac\n}")
	fmt.Fprintln(w, "_dutydesk \"$@\"")
}

func fishCompletion(w io.Writer) {
	q := func(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'" }
	fmt.Fprintln(w, "# fish completion for dutydesk: dutydesk completion fish > ~/.config/fish/completions/dutydesk.fish")
	fmt.Fprintln(w, "complete -c dutydesk -f")
	fmt.Fprintln(w, "complete -c dutydesk -l version -d 'print the version'")
	for _, name := range order {
		fmt.Fprintf(w, "complete -c dutydesk -n __fish_use_subcommand -a %s -d %s\n", name, q(commands()[name].summary))
	}
	for _, name := range order {
		when := "'__fish_seen_subcommand_from " + name + "'"
		for _, f := range compFlags(name) {
			extra := ""
			switch {
			case f.file:
				extra = " -r -F"
			case f.arg != "":
				extra = " -x"
			}
			fmt.Fprintf(w, "complete -c dutydesk -n %s -l %s%s -d %s\n", when, f.name, extra, q(f.help))
		}
		if ws := words(name); len(ws) > 0 {
			fmt.Fprintf(w, "complete -c dutydesk -n %s -a %s\n", when, q(strings.Join(ws, " ")))
		}
	}
}
