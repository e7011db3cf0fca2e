package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dutydesk/dutydesk/internal/config"
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

// parseFlagsOnly is parseFlags for a command that takes flags and no
// arguments: anything else is a usage error.
func parseFlagsOnly(name string, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if code, ok := parseFlags(name, fs, args, stdout, stderr); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dutydesk %s: unexpected %q; see dutydesk %s --help\n", name, fs.Arg(0), name)
		return 2, false
	}
	return 0, true
}

// dbUsage is the help of --db on the commands that open the team's desk.
var dbUsage = "store `PATH` or postgres:// URL (default: db in the config, else " + config.DefaultDBPath("desk.db") + ")"

// storeFlags defines --config and --db for the commands that read a desk's
// store and take no other flag (verify, labels).
func storeFlags(fs *flag.FlagSet) (configPath, dbPath *string) {
	configPath, dbPath = new(string), new(string)
	storeFlagsInto(fs, configPath, dbPath)
	return configPath, dbPath
}

// storeFlagsInto defines --config and --db into configPath and dbPath.
func storeFlagsInto(fs *flag.FlagSet, configPath, dbPath *string) {
	fs.StringVar(configPath, "config", "", "config `FILE` naming the store (default: "+config.DefaultPath()+" if it exists)")
	fs.StringVar(dbPath, "db", "", dbUsage)
}
