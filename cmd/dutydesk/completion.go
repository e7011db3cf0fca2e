package main

import (
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
	if fs.NArg() != 1 || !commands().WriteCompletion(stdout, fs.Arg(0)) {
		fmt.Fprintf(stderr, "dutydesk completion: say bash, zsh or fish (got %q)\n", strings.Join(fs.Args(), " "))
		commands().WriteHelp(stderr, "completion", fs)
		return 2
	}
	return 0
}
