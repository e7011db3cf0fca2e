package mastodon

import "strings"

// TeamAccount names the team account as a duty-broadcast preview shows it:
// its configured name and, once Verify has run, its handle on the server,
// e.g. "team (@team3@police.example)".
func (c *Client) TeamAccount() string {
	if c.team == nil {
		return ""
	}
	return c.label(c.team)
}

// AccountLabel names the account called name as TeamAccount does; "" if
// there is no such account.
func (c *Client) AccountLabel(name string) string {
	for _, a := range c.accounts {
		if a.name == name {
			return c.label(a)
		}
	}
	return ""
}

func (c *Client) label(a *account) string {
	a.mu.Lock()
	acct := a.acct
	a.mu.Unlock()
	if acct == "" {
		return a.name + " on " + c.host
	}
	handle := "@" + acct
	if !strings.Contains(acct, "@") {
		handle += "@" + c.host
	}
	return a.name + " (" + handle + ")"
}

// Handles are the configured accounts' handles on the server once Verify
// has run ("@team3@police.example"), the team account's first.
func (c *Client) Handles() []string {
	var out []string
	for _, a := range c.accounts {
		a.mu.Lock()
		acct := a.acct
		a.mu.Unlock()
		if acct == "" {
			continue
		}
		if !strings.Contains(acct, "@") {
			acct += "@" + c.host
		}
		if a == c.team {
			out = append([]string{"@" + acct}, out...)
		} else {
			out = append(out, "@"+acct)
		}
	}
	return out
}
