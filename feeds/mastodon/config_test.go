package mastodon

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/internal/fielderr"
)

func TestConfigValidateNamesTheKey(t *testing.T) {
	ok := Config{Instance: "https://mastodon.example", Accounts: []Account{{Name: "team", Team: true, TokenFile: "t"}}}
	cases := map[string]struct {
		edit func(*Config)
		want string
	}{
		"no instance":    {func(c *Config) { c.Instance = "" }, "mastodon.instance: not set"},
		"bad instance":   {func(c *Config) { c.Instance = "mastodon.example" }, "mastodon.instance"},
		"bad timeline":   {func(c *Config) { c.Timeline = "local" }, "mastodon.timeline"},
		"bad visibility": {func(c *Config) { c.Visibility = "everyone" }, "mastodon.visibility"},
		"fast polling":   {func(c *Config) { c.PollInterval = time.Second }, "mastodon.poll_interval"},
		"no accounts":    {func(c *Config) { c.Accounts = nil }, "mastodon.accounts: none configured"},
		"inline token": {func(c *Config) {
			c.Accounts = append(c.Accounts, Account{Name: "khan", Token: "abc"})
		}, "mastodon.accounts[1].token: remove it: set token_file or token_env, never the token inline"},
		"no token": {func(c *Config) { c.Accounts = append(c.Accounts, Account{Name: "khan"}) },
			"mastodon.accounts[1]: set token_file or token_env, never the token inline"},
		"both": {func(c *Config) { c.Accounts[0].TokenEnv = "X" }, "mastodon.accounts[0].token_env: set token_file or token_env, not both"},
		"two teams": {func(c *Config) {
			c.Accounts = append(c.Accounts, Account{Name: "khan", TokenFile: "k", Team: true})
		}, "2 accounts have team = true"},
		"duplicate name": {func(c *Config) { c.Accounts = append(c.Accounts, Account{Name: "team", TokenFile: "k"}) }, `mastodon.accounts[1].name: "team" is used twice`},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	for name, c := range cases {
		cfg := ok
		cfg.Accounts = append([]Account(nil), ok.Accounts...)
		c.edit(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to say %q", name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "abc") {
			t.Errorf("%s: error shows the inline token", name)
		}
		// The config loader finds the line by the key, not by the words.
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var fe *fielderr.FieldError
			if !errors.As(e, &fe) || !strings.HasPrefix(fe.Key, "mastodon.") {
				t.Errorf("%s: %v is not a FieldError naming its key", name, e)
			}
		}
	}
}
