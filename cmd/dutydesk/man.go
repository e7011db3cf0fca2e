package main

import (
	"fmt"
	"io"
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
	commands().WriteMan(stdout)
	return 0
}
