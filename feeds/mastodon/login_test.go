package mastodon

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

func TestLoginByAuthorisationCode(t *testing.T) {
	srv := mastotest.New(t)
	code := srv.AuthCode("team3")
	var out bytes.Buffer
	token, acct, err := Login(context.Background(), srv.URL(), strings.NewReader(code+"\n"), &out, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	if acct != "@team3" || token == "" {
		t.Errorf("got acct %q token %q", acct, token)
	}
	for _, want := range []string{srv.URL() + "/oauth/authorize?", "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob",
		"scope=read+write", "Paste the code"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not show %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), token) {
		t.Error("output shows the token")
	}
	// the token works
	cfg := Config{Instance: srv.URL(), Accounts: []Account{{Name: "team", Team: true, TokenFile: writeToken(t, "t", token, 0o600)}}}
	c, err := New(cfg, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Verify(context.Background()); err != nil {
		t.Errorf("token from Login refused: %v", err)
	}
}

func TestLoginWithWrongCode(t *testing.T) {
	srv := mastotest.New(t)
	_, _, err := Login(context.Background(), srv.URL(), strings.NewReader("typo\n"), &bytes.Buffer{}, fastOptions())
	if err == nil || !strings.Contains(err.Error(), "refused the code") {
		t.Errorf("err = %v", err)
	}
	_, _, err = Login(context.Background(), srv.URL(), strings.NewReader(""), &bytes.Buffer{}, fastOptions())
	if err == nil || !strings.Contains(err.Error(), "no code") {
		t.Errorf("empty input: err = %v", err)
	}
}
