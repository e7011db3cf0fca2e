// Command dutydesk is the duty sergeant's console for a police team's
// social-media presence. See README.md, or run "dutydesk help".
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dutydesk/dutydesk/internal/cli"
	"github.com/dutydesk/dutydesk/tui"
)

// plainAbout says what --plain gives, with the plain console's commands.
var plainAbout = "With --plain (or accessible = true in the config) the console is plain, for screen readers: no boxes,\n" +
	"no redrawn screen, a line per thing as it happens with every state in words, and commands typed at\n" +
	"a prompt, N being the number a question or draft was read out with:\n  " + strings.Join(tui.PlainHelp(), "\n  ")

// plainShort points from run and serve to the plain console's commands.
const plainShort = "With --plain (or accessible = true in the config) the console is plain, for screen readers;\n`dutydesk demo --help` lists its commands."

// commands is dutydesk's table of subcommands, in the order they are listed.
// Their help, the shell completion and the man page are all made from it.
func commands() *cli.Table {
	return &cli.Table{
		Program: "dutydesk", Summary: "the duty sergeant's console for a police team's social-media presence",
		Description: "A terminal console for a police team's Mastodon account: questions from the public, drafts checked\n" +
			"for personal data and tone, duty broadcasts and the shift report. See README.md for the keys.",
		Exit: exitStatus,
		Files: []cli.File{
			{Path: "$XDG_CONFIG_HOME/dutydesk/config.toml", About: "the config (config.example.toml documents every key)"},
			{Path: "$XDG_DATA_HOME/dutydesk/desk.db", About: "the desk's store (demo.db for the demo)"},
		},
		Commands: []cli.Command{
			{Name: "demo", Summary: "run the console on the embedded demo shift (no account, no network)",
				Usage: "demo [--db PATH] [--speed N] [--as ID] [--plain] [--surge RATE[/s] [--for 60s]] [--at MOMENT]",
				About: "Runs the console on an embedded, scripted shift of a community response team:\nno account, no network. Quit with q; run again with the same --db to carry on.\n" + plainAbout,
				Flags: func(fs *flag.FlagSet) { demoFlags(fs) }, Run: runDemo},
			{Name: "run", Summary: "run the console on the team's accounts (--config FILE)",
				Usage: "run [--config FILE] [--db PATH] [--as ID] [--plain] [--at MOMENT]",
				About: "Runs the console on the team's Mastodon accounts. Connect an account first with\n`dutydesk login --instance URL` and add the lines it prints under [mastodon].\n" + plainShort,
				Flags: func(fs *flag.FlagSet) { runFlags(fs) }, Run: runRun},
			{Name: "serve", Summary: "serve the desk over SSH: one live desk, a console for each person (--config FILE)",
				Usage: "serve [--listen 127.0.0.1:2222] [--config FILE] [--db PATH] [--demo] [--plain] [--at MOMENT]",
				About: "Serves the desk over SSH: everyone in the config logs in with their key\n(ssh -p 2222 desk.example) and gets their own console on the one live desk.\n" +
					"`ssh -t -p 2222 desk.example plain` (or without -t, or from a TERM=dumb terminal) gives the plain console.\n" + plainShort,
				Flags: func(fs *flag.FlagSet) { serveFlags(fs) }, Run: runServe},
			{Name: "duty", Summary: "put the team on or off duty and post the broadcast (on|off [--until 22:00] [--dry-run])",
				Usage: "duty on|off [--until 22:00] [--dry-run] [--config FILE] [--db PATH] [--as ID]",
				About: "Puts the team on or off duty and posts the [duty] broadcast from the team account,\nas the d key does in the console. Prints the text, the account and the status URL.\nWith --dry-run it prints them and changes nothing, even when the server cannot be reached.",
				Flags: func(fs *flag.FlagSet) { dutyFlags(fs) }, Run: runDuty},
			{Name: "report", Summary: "the shift handover report from the stored events (--since 8h, --format md|csv)",
				Usage: "report [--since 8h|shift] [--at MOMENT | --from MOMENT [--to MOMENT]] [--format md|csv] [--config FILE] [--db PATH]",
				About: "The shift report from the stored events: questions in, acknowledged, answered and still\nopen per person, response times, SLA breaches, urgent items and drafts still waiting.",
				Flags: func(fs *flag.FlagSet) { reportFlags(fs) }, Run: runReport},
			{Name: "verify", Summary: "check that no stored event was changed, removed or inserted (--db PATH)",
				Usage: "verify [--config FILE] [--db PATH]",
				About: "Checks that no stored event was changed, removed or inserted since it was stored: every\nevent carries the hash of the one before. Prints the chain head when the log is intact.",
				Exit:  "Exit status: 0 intact, 1 tampered with (the first event changed, removed or inserted is named) or unreadable, 2 usage.",
				Flags: func(fs *flag.FlagSet) { storeFlags(fs) }, Run: runVerify},
			{Name: "export", Summary: "the events and posts of a period for disclosure, with the chain head (--from --to --format jsonl|md)",
				Usage: "export --from TIME [--to TIME] [--format jsonl|md] [--config FILE] [--db PATH]",
				About: "Writes the stored events and the posts of a period for disclosure, each event with its\nchain hash, and the chain head of the whole log, which dutydesk verify prints too.",
				Flags: func(fs *flag.FlagSet) { exportFlags(fs) }, Run: runExport},
			{Name: "labels", Summary: "the team's judgements of messages' levels, as labelled examples for the urgency corpus",
				Usage: "labels [--config FILE] [--db PATH] > judged.tsv",
				About: labelsAbout,
				Flags: func(fs *flag.FlagSet) { storeFlags(fs) }, Run: runLabels},
			{Name: "check", Summary: "check a draft for personal data, prejudice and tone (or --urgency of an inbound message)",
				Usage: "check [--json] [--urgency] [--config FILE] [FILE|-]",
				About: checkAbout,
				Exit:  "Exit status: 0 clean (or routine), 1 flagged (or crime report / possible / urgent), 2 usage or input error.",
				Flags: func(fs *flag.FlagSet) { checkFlags(fs) }, Run: runCheck},
			{Name: "login", Summary: "connect a Mastodon account and write its token file",
				Usage: "login --instance URL [--account NAME] [--token-file PATH] [--team]",
				About: loginAbout,
				Flags: func(fs *flag.FlagSet) { loginFlags(fs) }, Run: runLogin},
			{Name: "completion", Summary: "print the shell completion script (bash, zsh or fish)",
				Usage: "completion bash|zsh|fish",
				About: "Prints a script that completes dutydesk's commands and flags. For example:\n  bash: source <(dutydesk completion bash)\n  zsh:  dutydesk completion zsh > \"${fpath[1]}/_dutydesk\"\n  fish: dutydesk completion fish > ~/.config/fish/completions/dutydesk.fish",
				Flags: func(*flag.FlagSet) {}, Run: runCompletion},
			{Name: "man", Summary: "print the manual page (roff; man -l <(dutydesk man))",
				Usage: "man",
				About: "Prints the dutydesk(1) manual page, made from the same definitions as --help.",
				Flags: func(*flag.FlagSet) {}, Run: runMan},
		},
	}
}

// exitStatus is what every command's exit status means (check refines 1).
const exitStatus = "Exit status: 0 ok, 1 failed (the error is on stderr), 2 usage (a flag or argument is wrong)."

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		commands().WriteUsage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help":
		commands().WriteUsage(stdout)
		return 0
	case "version", "--version", "-version":
		return runVersion(args[1:], stdin, stdout, stderr)
	}
	cmd, ok := commands().Lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "dutydesk: unknown command %q\n\n", args[0])
		commands().WriteUsage(stderr)
		return 2
	}
	return cmd.Run(args[1:], stdin, stdout, stderr)
}

// failTo makes the way a command fails: the error on stderr, exit status 1.
func failTo(stderr io.Writer) func(error) int {
	return func(err error) int {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
}
