// Package demo owns dutydesk's built-in traffic: the demo team's roster, an
// embedded scripted shift of a Carlisle community response team replayed on
// a clock (team posts after visible jobs, questions from the public, a
// repeated comment, a removed comment, an emergency-sounding message, drafts
// and duty changes), and a surge generator of realistic riot-night inbound
// traffic for load tests and benchmarks.
//
// It is the default feed when no Mastodon account is configured. Items and
// removals go out as feeds.Event values; drafts and duty changes are handed
// to a callback, because only the desk may make them. The package knows
// nothing of the desk or the terminal.
package demo
