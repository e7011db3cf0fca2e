// Package mastodon connects dutydesk to a Mastodon-API server (Mastodon,
// GoToSocial, Pleroma/Akkoma, snac…): it owns the team's accounts and their
// tokens, turns notifications, direct messages and the team timeline into
// feed items, keeps them live over the streaming API with REST catch-up, and
// posts replies and updates exactly once.
package mastodon

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/internal/fielderr"
)

// DefaultPollInterval is how often a server without streaming is polled when
// poll_interval is not set.
const DefaultPollInterval = 30 * time.Second

// Config is the app's [mastodon] table.
type Config struct {
	// Instance is the server's address, e.g. "https://mastodon.example".
	// Every account must live on this one server.
	Instance string `toml:"instance"`
	// Timeline is the team feed: "home" (the team account's home timeline,
	// the default) or "list:ID" for one of the team account's lists.
	Timeline string `toml:"timeline"`
	// Visibility is the default visibility of team updates and duty
	// broadcasts: "public" (the default), "unlisted", "private" or "direct".
	// Replies never widen the visibility of what they answer.
	Visibility string `toml:"visibility"`
	// PollInterval is how often to poll when the server has no streaming
	// API (snac, some proxies): a duration such as "30s" or "2m".
	// Default 30s; minimum 5s.
	PollInterval time.Duration `toml:"poll_interval"`
	// Accounts are the accounts dutydesk reads and posts from: exactly one
	// team account (team = true) and any number of officers' own accounts.
	Accounts []Account `toml:"accounts"`
}

// Account is one [[mastodon.accounts]] entry.
type Account struct {
	// Name is what the desk calls the account ("team", "pc-khan"); posts
	// choose their account by this name. Must be unique.
	Name string `toml:"name"`
	// TokenFile is a file holding the account's access token (written by
	// `dutydesk login`). It must not be readable by group or others
	// (chmod 600), or dutydesk refuses to start.
	TokenFile string `toml:"token_file"`
	// TokenEnv names an environment variable holding the access token,
	// for service managers that inject secrets. Set token_file or
	// token_env, not both.
	TokenEnv string `toml:"token_env"`
	// Team marks the team account: its timeline is the team feed and posts
	// with no account named leave from it. Exactly one account has it.
	Team bool `toml:"team"`
	// Token is refused: a token written inline would end up in backups and
	// screen shares. It exists only so that Validate can say so.
	Token string `toml:"token"`
}

// Validate checks the table and says which key is wrong and how to fix it:
// every problem is a *fielderr.FieldError, several joined together.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, a ...any) { errs = append(errs, fielderr.New(key, format, a...)) }
	if c.Instance == "" {
		bad("mastodon.instance", "not set; give the server's address, e.g. \"https://mastodon.example\"")
	} else if u, err := url.Parse(c.Instance); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("mastodon.instance", "%q is not an http(s) address such as \"https://mastodon.example\"", c.Instance)
	}
	if _, err := parseTimeline(c.Timeline); err != nil {
		bad("mastodon.timeline", "%v", err)
	}
	switch c.Visibility {
	case "", "public", "unlisted", "private", "direct":
	default:
		bad("mastodon.visibility", "%q is not one of public, unlisted, private, direct", c.Visibility)
	}
	if c.PollInterval != 0 && c.PollInterval < 5*time.Second {
		bad("mastodon.poll_interval", "%s is too often; use at least \"5s\"", c.PollInterval)
	}
	if len(c.Accounts) == 0 {
		bad("mastodon.accounts", "none configured; run `dutydesk login --instance URL` and add the lines it prints")
	}
	names := map[string]bool{}
	teams := 0
	for i, a := range c.Accounts {
		key := fmt.Sprintf("mastodon.accounts[%d]", i)
		switch {
		case a.Name == "":
			bad(key+".name", "not set; give the name the desk calls this account, e.g. \"team\"")
		case names[a.Name]:
			bad(key+".name", "%q is used twice", a.Name)
		}
		names[a.Name] = true
		if a.Team {
			teams++
		}
		switch {
		case a.Token != "":
			bad(key+".token", "remove it: set token_file or token_env, never the token inline")
		case a.TokenFile == "" && a.TokenEnv == "":
			bad(key, "set token_file or token_env, never the token inline")
		case a.TokenFile != "" && a.TokenEnv != "":
			bad(key+".token_env", "set token_file or token_env, not both")
		}
	}
	if len(c.Accounts) > 0 && teams != 1 {
		bad("mastodon.accounts", "%d accounts have team = true; mark exactly one as the team account", teams)
	}
	return errors.Join(errs...)
}

// timeline is a parsed Config.Timeline.
type timeline struct {
	list string // list ID, or "" for home
}

func parseTimeline(s string) (timeline, error) {
	switch {
	case s == "" || s == "home":
		return timeline{}, nil
	case strings.HasPrefix(s, "list:") && len(s) > len("list:"):
		return timeline{list: strings.TrimPrefix(s, "list:")}, nil
	}
	return timeline{}, fmt.Errorf("%q is not \"home\" or \"list:ID\"", s)
}

func (c Config) pollInterval() time.Duration {
	if c.PollInterval <= 0 {
		return DefaultPollInterval
	}
	return c.PollInterval
}

func (c Config) visibility() string {
	if c.Visibility == "" {
		return "public"
	}
	return c.Visibility
}

// loadToken reads the account's token from its file or environment
// variable. Errors are *fielderr.FieldError about key's token_env or
// token_file, and name the file or variable, never the token.
func (a Account) loadToken(key string) (string, error) {
	if a.TokenEnv != "" {
		tok := strings.TrimSpace(os.Getenv(a.TokenEnv))
		if tok == "" {
			return "", fielderr.New(key+".token_env", "environment variable %s is empty or not set", a.TokenEnv)
		}
		return tok, nil
	}
	key += ".token_file"
	st, err := os.Stat(a.TokenFile)
	if err != nil {
		return "", fielderr.New(key, "%w; run `dutydesk login` to create it", err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return "", fielderr.New(key, "%s can be read by group or others (mode %#o); run `chmod 600 %s`",
			a.TokenFile, perm, a.TokenFile)
	}
	b, err := os.ReadFile(a.TokenFile)
	if err != nil {
		return "", fielderr.New(key, "%w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fielderr.New(key, "%s is empty; run `dutydesk login` again", a.TokenFile)
	}
	if strings.ContainsAny(tok, " \t\r\n") {
		return "", fielderr.New(key, "%s holds more than one line; it must hold only the token", a.TokenFile)
	}
	return tok, nil
}
