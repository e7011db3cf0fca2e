package main

import (
	"errors"
	"flag"
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
		commands().WriteHelp(stdout, name, fs)
		return 0, false
	default:
		commands().WriteHelp(stderr, name, fs)
		return 2, false
	}
}
