package sshd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	gossh "golang.org/x/crypto/ssh"
)

// TestAuthorizedKeysOptions: the options in front of an authorized_keys
// line, as sshd(8) AUTHORIZED_KEYS FILE FORMAT defines them (the examples
// are the man page's), decide whether the key may open a console from an
// address at a time. A console needs a terminal, so no-pty, restrict
// without pty, and a forced command refuse the key; an option dutydesk does
// not understand refuses it too, and is named at start.
func TestAuthorizedKeysOptions(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		options string // as written in front of the key
		from    string
		allowed bool
		why     string // in the refusal
	}{
		{"", "127.0.0.1", true, ""},
		{`from="127.0.0.1"`, "127.0.0.1", true, ""},
		{`from="10.9.9.9"`, "127.0.0.1", false, "may not log in from 127.0.0.1"},
		{`from="127.0.0.0/8"`, "127.0.0.1", true, ""},
		{`from="10.0.0.0/8,192.168.1.*"`, "192.168.1.20", true, ""},
		{`from="10.0.0.0/8,192.168.1.*"`, "192.168.2.20", false, "may not log in from"},
		{`from="!192.168.1.20,192.168.1.*"`, "192.168.1.20", false, "may not log in from"},
		{`from="192.168.1.?"`, "192.168.1.7", true, ""},
		{`from="2001:db8::/32"`, "2001:db8::1", true, ""},
		// The man page's example: host names match no address (UseDNS off).
		{`from="*.sales.example.net,!pc.sales.example.net"`, "127.0.0.1", false, "may not log in from"},
		{`expiry-time="20200101"`, "127.0.0.1", false, "expired at 2020-01-01"},
		{`expiry-time="20991231Z"`, "127.0.0.1", true, ""},
		{`expiry-time="202612031159Z"`, "127.0.0.1", false, "expired"},
		{`expiry-time="20261203120001Z"`, "127.0.0.1", true, ""},
		{`expiry-time="2020"`, "127.0.0.1", false, "does not understand: expiry-time=\"2020\""},
		{`restrict`, "127.0.0.1", false, "restrict"},
		{`restrict,pty`, "127.0.0.1", true, ""},
		{`no-pty`, "127.0.0.1", false, "no-pty"},
		{`command="dump /home",no-pty,no-port-forwarding`, "127.0.0.1", false, "no-pty"},
		{`permitopen="192.0.2.1:80",permitopen="192.0.2.2:25"`, "127.0.0.1", true, ""},
		{`tunnel="0",command="sh /etc/netstart tun0"`, "127.0.0.1", false, "forces a command"},
		{`no-agent-forwarding,no-X11-forwarding,no-user-rc`, "127.0.0.1", true, ""},
		{`environment="PATH=/bin:/usr/bin/"`, "127.0.0.1", true, ""},
		{`cert-authority`, "127.0.0.1", false, `does not understand: "cert-authority"`},
		{`verify-required`, "127.0.0.1", false, `does not understand: "verify-required"`},
		{`frobnicate`, "127.0.0.1", false, `does not understand: "frobnicate"`},
		// The line from the issue: it used to give a full console.
		{`from="10.9.9.9",expiry-time="20200101",restrict,command="/bin/false"`, "127.0.0.1", false, "forces a command"},
	} {
		line := strings.TrimSpace(tc.options + " " + string(gossh.MarshalAuthorizedKey(newSigner(t).PublicKey())))
		_, _, opts, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			t.Fatalf("%s: %v", tc.options, err)
		}
		p, warning := parseKeyOptions(opts)
		ok, why := p.allows(tc.from, now)
		if ok != tc.allowed || !strings.Contains(why, tc.why) {
			t.Errorf("%s from %s: allowed %v (%q), want %v (%q)", tc.options, tc.from, ok, why, tc.allowed, tc.why)
		}
		if (p.refuse != "") != (warning != "") {
			t.Errorf("%s: refused for ever (%q) but the start warning is %q", tc.options, p.refuse, warning)
		}
	}
}

// TestKeyOptionsRefuseAtLoginAndAreNamedAtStart: through the server, the
// issue's line (from=, expiry-time=, restrict, command=) is refused with a
// line saying why and stored as refused for its person; the start log names
// the key; a key with from= matching the address logs in.
func TestKeyOptionsRefuseAtLoginAndAreNamedAtStart(t *testing.T) {
	restricted, allowed := newSigner(t), newSigner(t)
	h := startHarnessWith(t, func(h *harness) {
		file := filepath.Join(h.dir, "khan.keys")
		body := `from="10.9.9.9",expiry-time="20200101",restrict,command="/bin/false" ` + string(gossh.MarshalAuthorizedKey(restricted.PublicKey())) +
			`from="127.0.0.1",expiry-time="29991231" ` + string(gossh.MarshalAuthorizedKey(allowed.PublicKey()))
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		h.people[2].AuthorizedKeys = file
	})
	fp := gossh.FingerprintSHA256(restricted.PublicKey())
	if logs := h.logs.String(); !strings.Contains(logs, "khan.keys:1: key "+fp+" (khan) is refused") {
		t.Errorf("the start log does not name the key that cannot log in:\n%s", logs)
	}
	cc, banner := h.clientConfig("khan", gossh.PublicKeys(restricted))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatal("a key with command= and restrict logged in")
	}
	if got := banner.String(); !strings.Contains(got, "key "+fp+" is refused") || !strings.Contains(got, "forces a command") {
		t.Errorf("the refused client was told %q, want why", got)
	}
	refused := accessEvents(t, h.desk, desk.EvAccessRefused)
	if len(refused) != 1 || refused[0].Person != "khan" || refused[0].Fingerprint != fp {
		t.Errorf("access.refused events %+v, want one for khan's key %s", refused, fp)
	}
	s := openScreen(t, h.dial("khan", allowed), 100, 30)
	s.waitFor(0, "PC Khan (you)")
}
