package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags is the named command's flag set, its flags defined by the
// command's own flags function; errors go to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dutydesk "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parseFlags prints the help where it belongs
	return fs
}

// parseFlags parses args: --help prints the command's help on stdout (status
// 0); a wrong flag has its error and the help printed on stderr (status 2).
// ok is false when the command should return code at once.
func parseFlags(name string, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		writeHelp(stdout, name, fs)
		return 0, false
	default:
		writeHelp(stderr, name, fs)
		return 2, false
	}
}

// writeHelp writes a command's help in the one format they all share:
// usage, what it does, the flags, the exit status.
func writeHelp(w io.Writer, name string, fs *flag.FlagSet) {
	c := commands()[name]
	fmt.Fprintf(w, "Usage: dutydesk %s\n\n%s\n", c.usage, c.about)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	exit := c.exit
	if exit == "" {
		exit = exitStatus
	}
	fmt.Fprintln(w, "\n"+exit)
}

// flagsOf is a command's flags, defined on a fresh set, for completion and
// the man page.
func flagsOf(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	commands()[name].flags(fs)
	return fs
}
