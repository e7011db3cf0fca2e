// Package cli is a program's table of subcommands and what is rendered from
// it: the command list, each command's --help, the bash, zsh and fish
// completion scripts and the man page. All of them read the same table, and
// each command defines its flags through the one function its run uses too,
// so none of them can drift from what the command accepts.
package cli

import (
	"flag"
	"fmt"
	"io"
)

// Command is one subcommand.
type Command struct {
	Name    string
	Summary string // one line, in the command list
	Usage   string // the synopsis after the program's name
	About   string // what it does, a paragraph
	Exit    string // what its exit status means, if not the table's Exit
	Flags   func(fs *flag.FlagSet)
	Run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// File is a file the program reads or writes, for the man page.
type File struct{ Path, About string }

// Table is a program and its subcommands, in the order they are listed.
type Table struct {
	Program     string // "dutydesk"
	Summary     string // what the program is, one line
	Description string // the man page's description
	Exit        string // what every command's exit status means
	Files       []File
	Commands    []Command
}

// Lookup is the named command.
func (t *Table) Lookup(name string) (Command, bool) {
	for _, c := range t.Commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

// WriteUsage writes the program's summary and its list of commands.
func (t *Table) WriteUsage(w io.Writer) {
	fmt.Fprintf(w, "%s — %s\n", t.Program, t.Summary)
	fmt.Fprintf(w, "\nUsage: %[1]s <command> [flags]   (%[1]s <command> --help for its flags)\n", t.Program)
	fmt.Fprintf(w, "       %s --version\n", t.Program)
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range t.Commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\n"+t.Exit)
}

// WriteHelp writes a command's help in the one format they all share:
// usage, what it does, the flags defined on fs, the exit status.
func (t *Table) WriteHelp(w io.Writer, name string, fs *flag.FlagSet) {
	c, _ := t.Lookup(name)
	fmt.Fprintf(w, "Usage: %s %s\n\n%s\n", t.Program, c.Usage, c.About)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	exit := c.Exit
	if exit == "" {
		exit = t.Exit
	}
	fmt.Fprintln(w, "\n"+exit)
}

// flagsOf is a command's flags, defined on a fresh set.
func flagsOf(c Command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	if c.Flags != nil {
		c.Flags(fs)
	}
	return fs
}
