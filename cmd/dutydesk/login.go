package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
)

var accountName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// loginAbout is what login does.
const loginAbout = `Connects an account to dutydesk: opens an authorisation for dutydesk on the
server (you approve it in a browser while logged in as the account), writes
the access token to a file only you can read (mode 0600), and prints the
lines to add to the [mastodon] part of your config.`

// loginFlags defines the login command's flags.
func loginFlags(fs *flag.FlagSet) (instance, name, tokenFile *string, team *bool) {
	instance = fs.String("instance", "", "the server's `URL`, e.g. https://mastodon.example (required)")
	name = fs.String("account", "team", "the `NAME` the desk gives this account")
	tokenFile = fs.String("token-file", "", "where to write the token, a `PATH` (default: <config dir>/dutydesk/<account>.token)")
	team = fs.Bool("team", false, "this is the team account (default: true when --account is \"team\")")
	return instance, name, tokenFile, team
}

// runLogin implements `dutydesk login --instance URL [--account NAME]
// [--token-file PATH] [--team]`: it gets an access token by the OAuth code
// flow, writes it to a file only its owner can read, and prints the
// [[mastodon.accounts]] lines to add to the config. It returns the exit
// code.
func runLogin(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("login", stderr)
	instance, name, tokenFile, team := loginFlags(fs)
	if code, ok := parseFlags("login", fs, args, stdout, stderr); !ok {
		return code
	}
	if *instance == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "dutydesk login: --instance is required, and nothing else may follow the flags")
		commands().WriteHelp(stderr, "login", fs)
		return 2
	}
	if !accountName.MatchString(*name) {
		fmt.Fprintf(stderr, "dutydesk login: --account %q: use letters, digits, '-', '_' or '.'\n", *name)
		return 2
	}
	isTeam := *name == "team"
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "team" {
			isTeam = *team
		}
	})
	path := *tokenFile
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			fmt.Fprintf(stderr, "dutydesk login: no config directory (%v); give --token-file\n", err)
			return 1
		}
		path = filepath.Join(dir, "dutydesk", *name+".token")
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	token, acct, err := mastodon.Login(ctx, *instance, stdin, stdout, mastodon.Options{})
	fmt.Fprintln(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "dutydesk login: %v\n", err)
		return 1
	}
	if err := mastodon.WriteToken(path, token); err != nil {
		fmt.Fprintf(stderr, "dutydesk login: writing the token: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Logged in as %s. The token is in %s (readable only by you).\n\n", acct, path)
	fmt.Fprintf(stdout, "Add these lines to your config (the [mastodon] instance is %s):\n\n", *instance)
	fmt.Fprintf(stdout, "[[mastodon.accounts]]\nname = %s\ntoken_file = %s\n", strconv.Quote(*name), strconv.Quote(path))
	if isTeam {
		fmt.Fprintln(stdout, "team = true")
	}
	return 0
}
