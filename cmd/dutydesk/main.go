// Command dutydesk is the duty sergeant's console for a police team's
// social-media presence. See README.md, or run "dutydesk help".
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand. Its help, the shell completion and the man
// page are all made from these fields, and its run defines its flags
// through the same flags function, so none of them can drift.
type command struct {
	summary string // one line, in the command list
	usage   string // the synopsis after "dutydesk "
	about   string // what it does, a paragraph
	exit    string // what its exit status means, if not exitStatus
	flags   func(fs *flag.FlagSet)
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"demo": {summary: "run the console on the embedded demo shift (no account, no network)",
			usage: "demo [--db PATH] [--speed N] [--as ID] [--surge RATE[/s] [--for 60s]]",
			about: "Runs the console on an embedded, scripted shift of a community response team:\nno account, no network. Quit with q; run again with the same --db to carry on.",
			flags: func(fs *flag.FlagSet) { demoFlags(fs) }, run: runDemo},
		"run": {summary: "run the console on the team's accounts (--config FILE)",
			usage: "run [--config FILE] [--db PATH] [--as ID]",
			about: "Runs the console on the team's Mastodon accounts. Connect an account first with\n`dutydesk login --instance URL` and add the lines it prints under [mastodon].",
			flags: func(fs *flag.FlagSet) { runFlags(fs) }, run: runRun},
		"check": {summary: "check a draft for personal data, prejudice and tone (or --urgency of an inbound message)",
			usage: "check [--json] [--urgency] [--config FILE] [FILE|-]",
			about: checkAbout,
			exit:  "Exit status: 0 clean (or routine), 1 flagged (or crime report / possible / urgent), 2 usage or input error.",
			flags: func(fs *flag.FlagSet) { checkFlags(fs) }, run: runCheck},
		"serve": {summary: "serve the desk over SSH: one live desk, a console for each person (--config FILE)",
			usage: "serve [--listen 127.0.0.1:2222] [--config FILE] [--db PATH] [--demo]",
			about: "Serves the desk over SSH: everyone in the config logs in with their key\n(ssh -p 2222 desk.example) and gets their own console on the one live desk.",
			flags: func(fs *flag.FlagSet) { serveFlags(fs) }, run: runServe},
		"login": {summary: "connect a Mastodon account and write its token file",
			usage: "login --instance URL [--account NAME] [--token-file PATH] [--team]",
			about: loginAbout,
			flags: func(fs *flag.FlagSet) { loginFlags(fs) }, run: runLogin},
		"duty": {summary: "put the team on or off duty and post the broadcast (on|off [--until 22:00] [--dry-run])",
			usage: "duty on|off [--until 22:00] [--dry-run] [--config FILE] [--db PATH] [--as ID]",
			about: "Puts the team on or off duty and posts the [duty] broadcast from the team account,\nas the d key does in the console. Prints the text, the account and the status URL.\nWith --dry-run it prints them and changes nothing, even when the server cannot be reached.",
			flags: func(fs *flag.FlagSet) { dutyFlags(fs) }, run: runDuty},
		"verify": {summary: "check that no stored event was changed, removed or inserted (--db PATH)",
			usage: "verify [--config FILE] [--db PATH]",
			about: "Checks that no stored event was changed, removed or inserted since it was stored: every\nevent carries the hash of the one before. Prints the chain head when the log is intact.",
			exit:  "Exit status: 0 intact, 1 tampered with (the first event changed, removed or inserted is named) or unreadable, 2 usage.",
			flags: func(fs *flag.FlagSet) { verifyFlags(fs) }, run: runVerify},
		"export": {summary: "the events and posts of a period for disclosure, with the chain head (--from --to --format jsonl|md)",
			usage: "export --from TIME [--to TIME] [--format jsonl|md] [--config FILE] [--db PATH]",
			about: "Writes the stored events and the posts of a period for disclosure, each event with its\nchain hash, and the chain head of the whole log, which dutydesk verify prints too.",
			flags: func(fs *flag.FlagSet) { exportFlags(fs) }, run: runExport},
		"report": {summary: "the shift handover report from the stored events (--since 8h, --format md|csv)",
			usage: "report [--since 8h|shift] [--format md|csv] [--config FILE] [--db PATH]",
			about: "The shift report from the stored events: questions in, acknowledged, answered and still\nopen per person, response times, SLA breaches, urgent items and drafts still waiting.",
			flags: func(fs *flag.FlagSet) { reportFlags(fs) }, run: runReport},
		"labels": {summary: "the team's judgements of messages' levels, as labelled examples for the urgency corpus",
			usage: "labels [--config FILE] [--db PATH] > judged.tsv",
			about: labelsAbout,
			flags: func(fs *flag.FlagSet) { labelsFlags(fs) }, run: runLabels},
		"completion": {summary: "print the shell completion script (bash, zsh or fish)",
			usage: "completion bash|zsh|fish",
			about: "Prints a script that completes dutydesk's commands and flags. For example:\n  bash: source <(dutydesk completion bash)\n  zsh:  dutydesk completion zsh > \"${fpath[1]}/_dutydesk\"\n  fish: dutydesk completion fish > ~/.config/fish/completions/dutydesk.fish",
			flags: func(*flag.FlagSet) {}, run: runCompletion},
		"man": {summary: "print the manual page (roff; man -l <(dutydesk man))",
			usage: "man",
			about: "Prints the dutydesk(1) manual page, made from the same definitions as --help.",
			flags: func(*flag.FlagSet) {}, run: runMan},
	}
}

var order = []string{"demo", "run", "serve", "duty", "report", "verify", "export", "labels", "check", "login", "completion", "man"}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dutydesk — the duty sergeant's console for a police team's social-media presence")
	fmt.Fprintln(w, "\nUsage: dutydesk <command> [flags]   (dutydesk <command> --help for its flags)")
	fmt.Fprintln(w, "       dutydesk --version")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	for _, name := range order {
		fmt.Fprintf(w, "  %-10s %s\n", name, cmds[name].summary)
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
