// Command dutydesk is the duty sergeant's console for a police team's
// social-media presence. See README.md, or run "dutydesk help".
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand: its one-line summary and what runs it.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"demo":   {"run the console on the embedded demo shift (no account, no network)", runDemo},
		"run":    {"run the console on the team's accounts (--config FILE)", runRun},
		"check":  {"check a draft for personal data, prejudice and tone (or --urgency of an inbound message)", runCheck},
		"serve":  {"serve the desk over SSH: one live desk, a console for each person (--config FILE)", runServe},
		"login":  {"connect a Mastodon account and write its token file", runLogin},
		"duty":   {"put the team on or off duty and post the broadcast (on|off [--until 22:00] [--dry-run])", runDuty},
		"report": {"the shift handover report from the stored events (--since 8h, --format md|csv)", runReport},
	}
}

var order = []string{"demo", "run", "serve", "duty", "report", "check", "login"}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dutydesk — the duty sergeant's console for a police team's social-media presence")
	fmt.Fprintln(w, "\nUsage: dutydesk <command> [flags]   (dutydesk <command> --help for its flags)")
	fmt.Fprintln(w, "       dutydesk --version")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	for _, name := range order {
		fmt.Fprintf(w, "  %-7s %s\n", name, cmds[name].summary)
	}
	fmt.Fprintln(w, "\n"+exitStatus)
}

// exitStatus is what every command's exit status means (check refines 1).
const exitStatus = "Exit status: 0 ok, 1 failed (the error is on stderr), 2 usage (a flag or argument is wrong)."

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	case "version", "--version", "-version":
		return runVersion(args[1:], stdin, stdout, stderr)
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dutydesk: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

// failTo makes the way a command fails: the error on stderr, exit status 1.
func failTo(stderr io.Writer) func(error) int {
	return func(err error) int {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
}
