package sshd

import (
	"fmt"
	"net/netip"
	"path"
	"strings"
	"time"
)

// keyPolicy is what the options in front of an authorized_keys line (see
// sshd(8), AUTHORIZED_KEYS FILE FORMAT) allow a key to do here.
type keyPolicy struct {
	// from is the from="pattern-list": the addresses the key may log in
	// from (nil: any).
	from []string
	// expires is the expiry-time: the key is refused from then on (zero:
	// never).
	expires time.Time
	// refuse says why the key can never open a console (no-pty, restrict
	// without pty, command=, an option not understood), or "".
	refuse string
}

// Options that change nothing for a console that forwards nothing, runs no
// user rc and reads no environment: accepted as they are.
var harmlessOptions = map[string]bool{
	"agent-forwarding": true, "no-agent-forwarding": true,
	"port-forwarding": true, "no-port-forwarding": true,
	"x11-forwarding": true, "no-x11-forwarding": true,
	"user-rc": true, "no-user-rc": true,
	"pty": true, "no-touch-required": true,
	"environment": true, "permitopen": true, "permitlisten": true, "tunnel": true,
}

// parseKeyOptions reads the options of one authorized_keys line as
// x/crypto's ParseAuthorizedKey returns them (`name` or `name="value"`).
// A key whose options keep it from ever opening a console, or which holds
// an option not understood, gets a refuse reason; warning (for the log at
// start) says so in a line.
func parseKeyOptions(opts []string) (p keyPolicy, warning string) {
	restricted, pty := false, false
	var unknown []string
	for _, opt := range opts {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		if hasValue {
			value = strings.TrimSuffix(strings.TrimPrefix(value, `"`), `"`)
		}
		switch {
		case name == "from" && hasValue:
			p.from = append(p.from, strings.Split(value, ",")...)
		case name == "expiry-time" && hasValue:
			t, err := parseExpiry(value)
			if err != nil {
				unknown = append(unknown, fmt.Sprintf("expiry-time=%q (%v)", value, err))
				continue
			}
			if p.expires.IsZero() || t.Before(p.expires) {
				p.expires = t
			}
		case name == "restrict" && !hasValue:
			restricted = true
		case name == "pty" && !hasValue:
			pty = true
		case name == "no-pty" && !hasValue:
			p.refuse = "its authorized_keys line says no-pty, and the console needs a terminal"
		case name == "command" && hasValue:
			p.refuse = "its authorized_keys line forces a command (command=), and the desk runs no commands, only the console"
		case harmlessOptions[name]:
		default:
			unknown = append(unknown, fmt.Sprintf("%q", safeField(opt)))
		}
	}
	if restricted && !pty && p.refuse == "" {
		p.refuse = "its authorized_keys line says restrict (which takes away the terminal) without pty, and the console needs a terminal"
	}
	if len(unknown) > 0 {
		p.refuse = "its authorized_keys line has options dutydesk does not understand: " + strings.Join(unknown, ", ")
	}
	if p.refuse != "" {
		warning = "refused: " + p.refuse
	}
	return p, warning
}

// parseExpiry reads an expiry-time: YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z],
// in the server's local time unless it ends in Z (UTC).
func parseExpiry(s string) (time.Time, error) {
	loc := time.Local
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		s, loc = s[:len(s)-1], time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(s)]
	if !ok {
		return time.Time{}, fmt.Errorf("want YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]")
	}
	return time.ParseInLocation(layout, s, loc)
}

// allows says whether the key may log in from addr (an IP address, no
// port) at now, and why not.
func (p keyPolicy) allows(addr string, now time.Time) (bool, string) {
	if p.refuse != "" {
		return false, p.refuse
	}
	if !p.expires.IsZero() && !now.Before(p.expires) {
		return false, fmt.Sprintf("it expired at %s (expiry-time in its authorized_keys line)", p.expires.Format("2006-01-02 15:04 MST"))
	}
	if p.from != nil && !matchFrom(p.from, addr) {
		return false, fmt.Sprintf("it may not log in from %s (from= in its authorized_keys line)", addr)
	}
	return true, ""
}

// matchFrom matches addr against a from= pattern list as sshd does with
// UseDNS off (its default): a pattern is an address with * and ?
// wildcards, or a CIDR prefix, and ! in front negates it. A negated match
// refuses whatever else matches; otherwise some pattern must match. Host
// name patterns match no address.
func matchFrom(patterns []string, addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	matched := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		pat = strings.TrimPrefix(pat, "!")
		var hit bool
		if strings.Contains(pat, "/") {
			prefix, err := netip.ParsePrefix(pat)
			hit = err == nil && prefix.Contains(ip)
		} else {
			hit, _ = path.Match(strings.ToLower(pat), ip.String())
		}
		if hit && neg {
			return false
		}
		matched = matched || hit
	}
	return matched
}
