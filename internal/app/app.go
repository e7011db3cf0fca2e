// Package app is dutydesk's composition root: it opens the store and the
// desk on it with the risk checks, the duty templates and the SLA targets of
// the config, and connects the feeds (the team's Mastodon accounts, or the
// embedded demo shift). The command and the bench both start from here.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/risk"
)

// Open opens the store and the desk with the checks, templates and SLA
// targets of cfg; poster sends what the desk posts (nil: nothing is posted).
func Open(ctx context.Context, dbPath string, cfg config.Config, people []desk.Person, poster feeds.Poster) (*desk.Desk, func(), error) {
	opts := Options(cfg, people, poster)
	if err := CheckedOptions(&opts, cfg); err != nil {
		return nil, nil, err
	}
	// A desk that will write says at once when its file cannot be written,
	// not at the first action with the driver's "readonly database".
	if !isPostgres(dbPath) {
		if err := desk.CheckWritableSQLite(dbPath); err != nil {
			return nil, nil, err
		}
	}
	d, closeStore, err := OpenWith(ctx, dbPath, opts)
	if err != nil {
		return nil, nil, err
	}
	// With a shared store, changes other hosts make reach this desk's consoles.
	go d.Follow(ctx)
	// ...and a post abandoned by a host that died mid-post is taken over.
	go d.KeepPosting(ctx)
	if err := d.ResumePosting(ctx); err != nil {
		d.SetHealth("posting", err.Error())
	}
	// Who is who goes into the store, so that a report read from it
	// without this config names people.
	if err := d.RecordRoster(ctx, people); err != nil {
		d.SetHealth("store", err.Error())
	}
	// A question claimed by a console that is gone (killed, crashed) is
	// free again before anyone logs in.
	if _, err := d.ReleaseAbandonedClaims(ctx); err != nil {
		d.SetHealth("store", err.Error())
	}
	return d, closeStore, nil
}

// CheckedOptions adds the risk checks to opts and refuses templates the
// checks would block, as every start that may post does.
func CheckedOptions(opts *desk.Options, cfg config.Config) error {
	if err := AddChecks(opts, cfg.Risk); err != nil {
		return err
	}
	if err := cfg.CheckTemplates(opts.Check); err != nil {
		return err
	}
	return cfg.CheckReplies(opts.Check)
}

// OpenWith opens the store at db and the desk on it.
func OpenWith(ctx context.Context, db string, opts desk.Options) (*desk.Desk, func(), error) {
	st, err := OpenStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	d, err := desk.Open(ctx, st, opts)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return d, func() { d.Shutdown(); st.Close() }, nil // the desk stops writing before the store closes
}

// Options are the desk's options for cfg, without the checks.
func Options(cfg config.Config, people []desk.Person, poster feeds.Poster) desk.Options {
	opts := desk.Options{
		Team:                cfg.Team,
		People:              people,
		Poster:              poster,
		Broadcast:           cfg.Render,
		AutoReply:           cfg.RenderAutoReply,
		AutoReplyPerMinute:  cfg.Duty.AutoReplyPerMinute,
		UrgentReply:         cfg.RenderUrgentReply,
		AcknowledgeWithin:   cfg.AckWithin(),
		AnswerWithin:        cfg.AnswerWithin(),
		BroadcastVisibility: feeds.VisibilityPublic,
		Replies:             cfg.SavedReplies(),
		ReopenWithin:        time.Duration(cfg.SLA.ReopenHours) * time.Hour,
		RefAdvice:           cfg.RefAdvice(),
		ArchiveAfter:        cfg.ArchiveAfter(),
	}
	if cfg.HasMastodon() && cfg.Mastodon.Visibility != "" {
		opts.BroadcastVisibility = feeds.Visibility(cfg.Mastodon.Visibility)
	}
	if a, ok := poster.(interface{ TeamAccount() string }); ok {
		opts.BroadcastAccount = a.TeamAccount()
	}
	if len(cfg.TeamList) > 0 {
		for _, t := range cfg.Teams() {
			dt := desk.Team{ID: t.ID, Name: t.Name, Accounts: t.Accounts, Broadcast: t.Render, AutoReply: t.RenderAutoReply, UrgentReply: t.RenderUrgentReply,
				AcknowledgeWithin: time.Duration(t.SLA.AcknowledgeMinutes) * time.Minute, AnswerWithin: time.Duration(t.SLA.AnswerHours) * time.Hour}
			if a, ok := poster.(interface{ AccountLabel(string) string }); ok && len(t.Accounts) > 0 {
				dt.BroadcastAccount = a.AccountLabel(t.Accounts[0])
			}
			opts.Teams = append(opts.Teams, dt)
		}
	}
	if h, ok := poster.(interface{ Handles() []string }); ok {
		opts.TeamHandles = h.Handles()
	}
	return opts
}

// AddChecks puts the risk checker in front of every draft and the urgency
// classifier in front of every inbound question, tuned by the [risk] table
// (which Load has validated).
func AddChecks(opts *desk.Options, rc risk.Config) error {
	checker, err := risk.New(rc)
	if err != nil {
		return err
	}
	findings := func(check func(string) []risk.Finding) desk.Checker {
		return func(text string) []desk.Finding {
			found := check(text)
			out := make([]desk.Finding, len(found))
			for i, f := range found {
				out[i] = desk.Finding{Kind: string(f.Kind), Severity: string(f.Severity), Start: f.Start, End: f.End, Reason: f.Reason, Fix: f.Fix}
			}
			return out
		}
	}
	opts.Check = findings(checker.Check)
	// An appeal's post may name the person it appeals about.
	opts.CheckAppeal = findings(checker.CheckAppeal)
	opts.Urgency = checker.Urgency
	// A reply from the author of an answered question closes it when it
	// only thanks, and reopens it otherwise.
	opts.Reply = func(text string) (bool, string) {
		r, why := risk.ClassifyReply(text)
		return r == risk.Thanks, why
	}
	opts.Asks = risk.Asks
	return nil
}

// isPostgres says whether db is a PostgreSQL URL rather than a file.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// OpenStore opens the embedded SQLite store at a path, or the shared
// PostgreSQL store for a postgres:// URL (several desk servers, one desk).
func OpenStore(ctx context.Context, db string) (desk.Store, error) {
	if isPostgres(db) {
		return desk.OpenPostgres(ctx, db)
	}
	return desk.OpenSQLite(db)
}

// stored refuses a desk file that does not exist, with hint on where to
// look: a mistyped path must not read, or verify, as an empty desk.
func stored(db, hint string) error {
	if isPostgres(db) {
		return nil
	}
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no desk at %s: nothing has been stored there yet (%s)", db, hint)
	}
	return nil
}

// OpenStoreToRead opens the store named by the config at configPath (or the
// default config, if it exists) or by dbPath, which must exist: for the
// commands that read the log itself, such as verify and export.
func OpenStoreToRead(ctx context.Context, configPath, dbPath string) (desk.Store, error) {
	cfg, err := config.LoadOptional(configPath)
	if err != nil {
		return nil, err
	}
	db := cfg.DeskPath(dbPath)
	if err := stored(db, "give --db PATH"); err != nil {
		return nil, err
	}
	return OpenStore(ctx, db)
}

// OpenToRead opens the desk to read its events, posting nothing.
// A desk file that does not exist is an error, not a new empty desk: a
// report of nothing, and a stray desk.db, help nobody.
func OpenToRead(ctx context.Context, cfg config.Config, db string) (*desk.Desk, func(), error) {
	if err := stored(db, "the demo keeps its desk in "+config.DefaultDBPath("demo.db")+"; give --db to read another"); err != nil {
		return nil, nil, err
	}
	return OpenWith(ctx, db, Options(cfg, cfg.DeskPeople(), nil))
}

// lookTimeout bounds checking the accounts for a preview: a dry run from a PC
// that cannot reach the server still shows the broadcast, soon.
const lookTimeout = 10 * time.Second

// OpenToLook opens the desk to read it and preview, with nothing to post
// through and nothing resumed, so that a dry run changes nothing. With a
// [mastodon] table the accounts are checked (a read), to name the handle
// the broadcast would leave from; when they cannot be (no server, no token
// on this PC) the account is named from the config and why it could not be
// checked, and the preview goes on.
func OpenToLook(ctx context.Context, cfg config.Config, db string, mopts mastodon.Options) (*desk.Desk, func(), error) {
	opts := Options(cfg, cfg.DeskPeople(), nil)
	if cfg.HasMastodon() {
		lctx, cancel := context.WithTimeout(ctx, lookTimeout)
		client, err := VerifiedClient(lctx, cfg, mopts)
		cancel()
		label := func(name string) string {
			return fmt.Sprintf("%s on %s (could not be checked: %s)", name, cfg.Mastodon.Instance, oneLine(err))
		}
		if err == nil {
			label = client.AccountLabel
		}
		opts.BroadcastAccount = label(teamAccountName(cfg))
		for i, t := range opts.Teams {
			if len(t.Accounts) > 0 {
				opts.Teams[i].BroadcastAccount = label(t.Accounts[0])
			}
		}
	} else {
		opts.BroadcastAccount = "no account configured ([mastodon] is missing)"
	}
	if err := CheckedOptions(&opts, cfg); err != nil {
		return nil, nil, err
	}
	return OpenWith(ctx, db, opts)
}

// teamAccountName is the name of the account marked team = true.
func teamAccountName(cfg config.Config) string {
	for _, a := range cfg.Mastodon.Accounts {
		if a.Team {
			return a.Name
		}
	}
	return "the team account"
}

// oneLine is err's message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
