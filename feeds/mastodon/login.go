package mastodon

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

// OutOfBand is the redirect that makes the server show the authorisation
// code instead of sending it to a web page.
const OutOfBand = "urn:ietf:wg:oauth:2.0:oob"

// Login gets an access token for one account by the OAuth code flow: it
// registers dutydesk as an app on instance (scopes "read write"), prints
// the address to open in a browser, reads the code the person pastes from
// in, exchanges it for a token and checks the token by fetching the
// account. It returns the token and the account's handle ("@team3").
// Nothing it prints holds the token. opts.Transport and opts.RequestTimeout
// apply.
func Login(ctx context.Context, instance string, in io.Reader, out io.Writer, opts Options) (token, acct string, err error) {
	opts = opts.withDefaults()
	if !strings.Contains(instance, "://") {
		instance = "https://" + instance
	}
	u, err := url.Parse(strings.TrimRight(instance, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", fmt.Errorf("--instance %q is not a server address such as https://mastodon.example", instance)
	}
	server := u.String()
	hc := http.Client{Transport: &transport{base: opts.Transport, now: opts.Now, maxWait: opts.MaxRateLimitWait}}
	call := func(fn func(ctx context.Context) error) error {
		ctx, cancel := context.WithTimeout(ctx, opts.RequestTimeout)
		defer cancel()
		return fn(ctx)
	}
	var app *gomasto.Application
	err = call(func(ctx context.Context) (err error) {
		app, err = gomasto.RegisterApp(ctx, &gomasto.AppConfig{Client: hc, Server: server, ClientName: "dutydesk",
			Scopes: "read write", RedirectURIs: OutOfBand})
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("registering dutydesk with %s: %w", u.Host, err)
	}
	fmt.Fprintf(out, "1. Open this address in a browser and log in as the account dutydesk should use:\n\n   %s\n\n"+
		"2. Approve dutydesk. The server then shows an authorisation code.\n3. Paste the code here and press Enter: ",
		feeds.SafeText(app.AuthURI))
	line, err := bufio.NewReader(in).ReadString('\n')
	code := strings.TrimSpace(line)
	if code == "" {
		if err == nil || errors.Is(err, io.EOF) {
			err = errors.New("no code given")
		}
		return "", "", fmt.Errorf("reading the authorisation code: %w", err)
	}
	c := &gomasto.Client{Client: hc, Config: &gomasto.Config{Server: server, ClientID: app.ClientID, ClientSecret: app.ClientSecret},
		UserAgent: "dutydesk"}
	err = call(func(ctx context.Context) error { return c.GetUserAccessToken(ctx, code, OutOfBand) })
	if err != nil {
		return "", "", fmt.Errorf("%s refused the code (%w); run dutydesk login again and paste the newest code", u.Host, err)
	}
	token = c.Config.AccessToken
	var me *gomasto.Account
	err = call(func(ctx context.Context) (err error) {
		me, err = c.GetAccountCurrentUser(ctx)
		return err
	})
	if err != nil {
		return "", "", redactor(token).err(fmt.Errorf("checking the new token with %s: %w", u.Host, err))
	}
	return token, feeds.SafeText("@" + me.Acct), nil
}
