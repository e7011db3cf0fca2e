package main

import (
	"flag"
	"fmt"
	"io"
)

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", defaultConfigPath(), "config `FILE` (see config.example.toml)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: dutydesk run [--config FILE] [--db PATH] [--as ID]")
		fmt.Fprintln(stderr, "\nRuns the console on the team's Mastodon accounts.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if _, err := loadConfig(*configPath); err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	fmt.Fprintln(stderr, "dutydesk: no Mastodon accounts are configured yet; try `dutydesk demo`")
	return 1
}
