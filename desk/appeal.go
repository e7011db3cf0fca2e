package desk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Appeals. A team post can be marked as an appeal — for a missing person, a
// wanted person, or witnesses — with a date to review it by. An open appeal
// past that date is due: the consoles ring and show it until someone
// resolves it or sets a new date. Resolving it (found, arrested, closed,
// with a reason) does, from one screen, what the College of Policing asks
// once the person is found: the original post is edited to an update with
// the personal details gone, or deleted, and a thanks is posted. Each of
// those happens once: the edit reads the status back before every attempt,
// a delete of a status already gone is done, and the thanks is an ordinary
// draft posted through the exactly-once machinery (post.go). A resolved
// appeal whose post still shows the person (left as it was, or an edit
// that failed) is listed in the shift report until it is dealt with.
//
// The appeal is the disclosure: the risk check of an appeal post does not
// flag the person it names (Options.CheckAppeal), everything else it does.

// Appeal events.
const (
	EvAppealMarked      EventType = "appeal.marked"       // a team post (or a draft of one) is an appeal; also a new review date
	EvAppealResolved    EventType = "appeal.resolved"     // found, arrested or closed; what to do with the post
	EvAppealPostStarted EventType = "appeal.post_started" // the edit or delete of the post is being sent
	EvAppealPostDone    EventType = "appeal.post_done"    // the post is edited or deleted
	EvAppealPostFailed  EventType = "appeal.post_failed"  // the server refused or did not answer
)

// AppealKind is what an appeal asks the public for.
type AppealKind string

const (
	AppealMissing AppealKind = "missing" // a missing person
	AppealWanted  AppealKind = "wanted"  // a wanted person
	AppealWitness AppealKind = "witness" // witnesses to an incident
)

// AppealKinds lists the kinds in the order forms offer them.
func AppealKinds() []AppealKind { return []AppealKind{AppealMissing, AppealWanted, AppealWitness} }

// AppealOutcome is how an appeal ended.
type AppealOutcome string

const (
	OutcomeFound    AppealOutcome = "found"
	OutcomeArrested AppealOutcome = "arrested"
	OutcomeClosed   AppealOutcome = "closed"
)

// AppealOutcomes lists the outcomes in the order forms offer them.
func AppealOutcomes() []AppealOutcome {
	return []AppealOutcome{OutcomeFound, OutcomeArrested, OutcomeClosed}
}

// AppealAction is what happens to an appeal's post when it is resolved.
type AppealAction string

const (
	ActionEdit   AppealAction = "edit"   // replace the text with an update
	ActionDelete AppealAction = "delete" // remove the post
	ActionLeave  AppealAction = "leave"  // leave it for now: the shift report lists it
)

// AppealPostState is where the edit or delete of an appeal's post is.
type AppealPostState string

const (
	AppealPostUp      AppealPostState = ""        // as posted
	AppealPostSending AppealPostState = "sending" // the edit or delete is being sent
	AppealPostFailed  AppealPostState = "failed"  // it was refused or not answered: try again
	AppealPostDealt   AppealPostState = "dealt"   // edited or deleted as resolved
)

// defaultReviewAfter is how long after marking an appeal is due for review
// when no date is given.
const defaultReviewAfter = 24 * time.Hour

// Appeal is a team post asking the public for help.
type Appeal struct {
	ID       string // the team post's item ID, or the draft's ID when marked while composing
	Item     string // the team post in the Team feed, if marked there
	Draft    string // the draft, if marked while composing
	Kind     AppealKind
	Review   time.Time // when it is due for review
	MarkedBy string
	Marked   time.Time

	Outcome    AppealOutcome // "" while open
	Reason     string
	ResolvedBy string
	Resolved   time.Time
	Action     AppealAction
	Update     string // the text the post is edited to (ActionEdit)
	Thanks     string // the thanks draft's ID, if one was written

	Post      AppealPostState
	PostSince time.Time // when the edit or delete was last started
	LastError string
}

// Open reports whether the appeal is still running.
func (a Appeal) Open() bool { return a.Outcome == "" }

// Due reports whether an open appeal is past its review date at now.
func (a Appeal) Due(now time.Time) bool {
	return a.Open() && !a.Review.IsZero() && !now.Before(a.Review)
}

// StillUp reports whether a resolved appeal's post still shows the person:
// left as it was, or its edit or delete not done yet.
func (a Appeal) StillUp() bool {
	return !a.Open() && a.Post != AppealPostDealt
}

// AppealInput marks a post as an appeal.
type AppealInput struct {
	Kind AppealKind
	// Review is when the appeal is due for review; zero: a day from now.
	Review time.Time
}

func (in AppealInput) check() error {
	for _, k := range AppealKinds() {
		if in.Kind == k {
			return nil
		}
	}
	return fmt.Errorf("%w: an appeal is for a missing person, a wanted person or witnesses, not %q", ErrIllegal, in.Kind)
}

// Resolution is how someone resolves an appeal.
type Resolution struct {
	Outcome AppealOutcome
	Reason  string
	Action  AppealAction
	// Update is the text the post is edited to (ActionEdit): it must pass
	// the ordinary risk check, the person's details gone.
	Update string
	// Thanks is posted from the appeal's account as a new team post; "":
	// none.
	Thanks string
}

// DefaultUpdate is the text an appeal's post is edited to for an outcome.
func DefaultUpdate(o AppealOutcome) string {
	switch o {
	case OutcomeFound:
		return "UPDATE: found safe and well, thank you for sharing."
	case OutcomeArrested:
		return "UPDATE: a person has been arrested, thank you for sharing."
	}
	return "UPDATE: this appeal is closed, thank you for sharing."
}

// DefaultThanks is the thanks posted when an appeal is resolved.
func DefaultThanks(o AppealOutcome) string {
	switch o {
	case OutcomeFound:
		return "Thank you to everyone who shared our appeal: the person we were looking for has been found safe and well."
	case OutcomeArrested:
		return "Thank you to everyone who shared our appeal: a person has been arrested."
	}
	return "Thank you to everyone who shared our appeal. It is now closed."
}

// applyAppeal folds an appeal event into the state.
func (d *state) applyAppeal(ev Event) error {
	switch ev.Type {
	case EvAppealMarked:
		p, err := decode[appealMarkedPayload](ev)
		if err != nil {
			return err
		}
		a, ok := d.appeals[p.Appeal]
		if !ok {
			a = &Appeal{ID: p.Appeal, Item: p.Item, Draft: p.Draft, MarkedBy: ev.Actor, Marked: ev.At}
			d.appeals[p.Appeal] = a
		}
		a.Kind, a.Review = p.Kind, p.Review
		return nil
	case EvAppealResolved:
		p, err := decode[appealResolvedPayload](ev)
		if err != nil {
			return err
		}
		a, ok := d.appeals[p.Appeal]
		if !ok {
			return fmt.Errorf("event %d (%s) names unknown appeal %q", ev.Seq, ev.Type, p.Appeal)
		}
		a.Outcome, a.Reason, a.ResolvedBy, a.Resolved = p.Outcome, p.Reason, ev.Actor, ev.At
		a.Action, a.Update = p.Action, p.Update
		if p.Thanks != "" {
			a.Thanks = p.Thanks
		}
		a.Post, a.LastError = AppealPostUp, ""
		return nil
	}
	p, err := decode[appealPostPayload](ev)
	if err != nil {
		return err
	}
	a, ok := d.appeals[p.Appeal]
	if !ok {
		return fmt.Errorf("event %d (%s) names unknown appeal %q", ev.Seq, ev.Type, p.Appeal)
	}
	switch ev.Type {
	case EvAppealPostStarted:
		a.Post, a.PostSince = AppealPostSending, ev.At
	case EvAppealPostDone:
		a.Post, a.LastError = AppealPostDealt, ""
	case EvAppealPostFailed:
		a.Post, a.LastError = AppealPostFailed, p.Error
	}
	return nil
}

// appealOf returns the appeal marked on a draft, if any. The caller holds d.mu.
func (d *state) appealOf(draftID string) *Appeal {
	a, ok := d.appeals[draftID]
	if ok && a.Draft == draftID {
		return a
	}
	return nil
}

// appealStatus is the server's status of an appeal's post and the account
// that posted it ("": whichever configured account did). The caller holds d.mu.
func (d *state) appealStatus(a *Appeal) (remoteID, account string) {
	if a.Draft != "" {
		if dr, ok := d.drafts[a.Draft]; ok {
			return dr.RemoteID, dr.Account
		}
		return "", ""
	}
	return d.items[a.Item].RemoteID, ""
}

// AppealText is the appeal's post as the desk last saw it.
func (d *Desk) AppealText(a Appeal) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if a.Draft != "" {
		if dr, ok := d.drafts[a.Draft]; ok {
			return dr.Text
		}
	}
	return d.items[a.Item].Text
}

// Appeals returns every appeal: open ones first, oldest first, then the
// resolved ones, most recent first.
func (d *Desk) Appeals() []Appeal {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Appeal, 0, len(d.appeals))
	for _, a := range d.appeals {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Open() != b.Open() {
			return a.Open()
		}
		if a.Open() {
			return a.Marked.Before(b.Marked) || (a.Marked.Equal(b.Marked) && a.ID < b.ID)
		}
		return a.Resolved.After(b.Resolved) || (a.Resolved.Equal(b.Resolved) && a.ID < b.ID)
	})
	return out
}

// Appeal returns the appeal on a team post or draft.
func (d *Desk) Appeal(id string) (Appeal, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	a, ok := d.appeals[id]
	if !ok {
		return Appeal{}, false
	}
	return *a, true
}

// AppealFor returns the appeal on a team post in the Team feed: marked on
// the post itself, or on the draft that made it.
func (d *Desk) AppealFor(it feeds.Item) (Appeal, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if a := d.appealForItem(it); a != nil {
		return *a, true
	}
	return Appeal{}, false
}

// appealForItem is AppealFor. The caller holds d.mu.
func (d *state) appealForItem(it feeds.Item) *Appeal {
	if a, ok := d.appeals[it.ID]; ok {
		return a
	}
	if it.RemoteID == "" {
		return nil
	}
	for _, a := range d.appeals {
		if a.Draft != "" {
			if dr, ok := d.drafts[a.Draft]; ok && dr.RemoteID == it.RemoteID {
				return a
			}
		}
	}
	return nil
}

// FeedAppeals returns the appeals on the posts of the Team feed, by the
// post's item ID: in one pass, for a console drawing the feed.
func (d *Desk) FeedAppeals() map[string]Appeal {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := map[string]Appeal{}
	if len(d.appeals) == 0 {
		return out
	}
	byRemote := map[string]*Appeal{}
	for _, a := range d.appeals {
		if a.Item != "" {
			out[a.Item] = *a
		} else if dr, ok := d.drafts[a.Draft]; ok && dr.RemoteID != "" {
			byRemote[dr.RemoteID] = a
		}
	}
	if len(byRemote) > 0 {
		for _, id := range d.feed {
			if a, ok := byRemote[d.items[id].RemoteID]; ok {
				out[id] = *a
			}
		}
	}
	return out
}

// DueAppeals returns the open appeals past their review date, by the
// desk's clock: each rings the consoles once.
func (d *Desk) DueAppeals() []Appeal {
	now := d.opts.Now()
	var out []Appeal
	for _, a := range d.Appeals() {
		if a.Due(now) {
			out = append(out, a)
		}
	}
	return out
}

// MarkAppeal marks a team post in the Team feed as an appeal, or sets a new
// review date (and kind) on one that is open. Anyone on the team may.
func (d *Desk) MarkAppeal(ctx context.Context, actor, itemID string, in AppealInput) error {
	if err := d.lock(ctx); err != nil {
		return err
	}
	defer d.unlock()
	if _, err := d.actor(actor); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	p := appealMarkedPayload{Appeal: itemID, Item: itemID, Kind: in.Kind, Review: d.reviewDate(in.Review)}
	a, ok := d.appeals[itemID]
	if !ok {
		it, ok := d.items[itemID]
		if !ok {
			return fmt.Errorf("%w: team post %s", ErrNotFound, itemID)
		}
		if it.Kind != feeds.KindTeamPost {
			return fmt.Errorf("%w: only a team post can be an appeal", ErrIllegal)
		}
		a = d.appealForItem(it)
	}
	if a != nil {
		if !a.Open() {
			return fmt.Errorf("%w: the appeal was resolved (%s)", ErrIllegal, a.Outcome)
		}
		p.Appeal, p.Item, p.Draft = a.ID, a.Item, a.Draft
	}
	return d.record(ctx, EvAppealMarked, actor, p)
}

// reviewDate is when an appeal marked now is due for review. The caller holds d.mu.
func (d *Desk) reviewDate(review time.Time) time.Time {
	if review.IsZero() {
		review = d.opts.Now().Add(defaultReviewAfter)
	}
	return review.UTC()
}

// checkDraft runs the risk check a draft gets: an appeal's the appeal
// check, every other the ordinary one. The caller holds d.mu.
func (d *Desk) checkDraft(appeal bool, text string) []Finding {
	if appeal && d.opts.CheckAppeal != nil {
		return d.opts.CheckAppeal(text)
	}
	return d.check(text)
}

// CheckAppeal runs the appeal risk check on text being written as an
// appeal; nothing is stored.
func (d *Desk) CheckAppeal(text string) []Finding { return d.checkDraft(true, text) }

// ResolveAppeal ends an appeal — found, arrested or closed, with a reason —
// and deals with its post: edited to r.Update, deleted, or left (listed in
// the shift report until dealt with); r.Thanks, if given, is posted as a
// new team post. Only supervisors resolve. An appeal already resolved
// whose post is still up may be resolved again to deal with its post (a
// thanks already written is not written again). The resolution is stored
// before anything is sent; what the server then says is stored too, and
// returned.
func (d *Desk) ResolveAppeal(ctx context.Context, actor, id string, r Resolution) error {
	if err := d.lock(ctx); err != nil {
		return err
	}
	if _, err := d.supervisor(actor, "resolve appeals"); err != nil {
		d.unlock()
		return err
	}
	thanks, err := d.resolveAppeal(ctx, actor, id, r)
	if err == nil {
		// Nobody else resolves it again before its post is dealt with.
		d.inFlight["appeal:"+id] = true
	}
	d.unlock()
	if err != nil {
		return err
	}
	var errs []error
	if err := d.sendAppealPost(ctx, actor, id, true); err != nil {
		errs = append(errs, err)
	}
	if thanks != "" {
		if dr, ok := d.Draft(thanks); ok && dr.State == DraftApproved {
			if err := d.post(ctx, actor, thanks); err != nil {
				errs = append(errs, fmt.Errorf("post the thanks: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}

// resolveAppeal stores a resolution and the thanks draft, approved unless
// the check blocks it; it returns the thanks draft's ID. The caller holds d.mu.
func (d *Desk) resolveAppeal(ctx context.Context, actor, id string, r Resolution) (string, error) {
	a, ok := d.appeals[id]
	if !ok {
		return "", fmt.Errorf("%w: appeal %s", ErrNotFound, id)
	}
	if !a.Open() && !a.StillUp() {
		return "", fmt.Errorf("%w: the appeal was resolved (%s) and its post dealt with", ErrIllegal, a.Outcome)
	}
	if a.Post == AppealPostSending || d.inFlight["appeal:"+id] {
		return "", fmt.Errorf("%w: the appeal's post is being changed now", ErrIllegal)
	}
	valid := false
	for _, o := range AppealOutcomes() {
		valid = valid || r.Outcome == o
	}
	if !valid {
		return "", fmt.Errorf("%w: an appeal ends found, arrested or closed, not %q", ErrIllegal, r.Outcome)
	}
	r.Reason, r.Update, r.Thanks = strings.TrimSpace(r.Reason), strings.TrimSpace(r.Update), strings.TrimSpace(r.Thanks)
	if r.Reason == "" {
		return "", fmt.Errorf("%w: say why the appeal is %s", ErrIllegal, r.Outcome)
	}
	switch r.Action {
	case ActionEdit:
		if r.Update == "" {
			return "", fmt.Errorf("%w: write the update the post is edited to", ErrIllegal)
		}
		if fs := d.check(r.Update); countSeverity(fs, SeverityBlock) > 0 {
			return "", fmt.Errorf("%w: the update still carries personal details (%s); take them out", ErrIllegal, summarise(fs))
		}
	case ActionDelete, ActionLeave:
		r.Update = ""
	default:
		return "", fmt.Errorf("%w: edit, delete or leave the post, not %q", ErrIllegal, r.Action)
	}
	if r.Action != ActionLeave {
		if remote, _ := d.appealStatus(a); remote == "" {
			return "", fmt.Errorf("%w: the appeal's post has not gone out yet; reject the draft instead", ErrIllegal)
		}
	}
	p := appealResolvedPayload{Appeal: id, Outcome: r.Outcome, Reason: r.Reason, Action: r.Action, Update: r.Update}
	var evs []Event
	if r.Thanks != "" && a.Thanks == "" {
		_, account := d.appealStatus(a)
		if a.Item != "" {
			account = d.items[a.Item].Source
			if !d.accountPosts(account) {
				account = ""
			}
		}
		dp := draftCreatedPayload{Draft: newDraftID(), Kind: DraftUpdate, Text: r.Thanks, Account: account,
			Visibility: feeds.VisibilityPublic, Findings: d.check(r.Thanks)}
		ev, err := d.event(EvDrafted, actor, dp)
		if err != nil {
			return "", err
		}
		evs = append(evs, ev)
		if countSeverity(dp.Findings, SeverityBlock) == 0 {
			ev, err := d.event(EvApproved, actor, draftDecisionPayload{Draft: dp.Draft})
			if err != nil {
				return "", err
			}
			evs = append(evs, ev)
		}
		p.Thanks = dp.Draft
	}
	ev, err := d.event(EvAppealResolved, actor, p)
	if err != nil {
		return "", err
	}
	if err := d.commit(ctx, append([]Event{ev}, evs...)...); err != nil {
		return "", err
	}
	return p.Thanks, nil
}

// accountPosts reports whether account is one a draft may name: a person's
// own account on the roster. The team account is "". The caller holds d.mu.
func (d *Desk) accountPosts(account string) bool {
	if account == "" {
		return false
	}
	for _, p := range d.people {
		if p.Account == account {
			return true
		}
	}
	return false
}

// sendAppealPost edits or deletes a resolved appeal's post, once: the
// start is stored before anything is sent, and the outcome after. claimed
// says the caller marked the appeal in flight already (ResolveAppeal).
func (d *Desk) sendAppealPost(ctx context.Context, actor, id string, claimed bool) error {
	if err := d.lock(ctx); err != nil {
		if claimed {
			d.mu.Lock()
			delete(d.inFlight, "appeal:"+id)
			d.mu.Unlock()
		}
		return err
	}
	release := func() {
		if claimed {
			delete(d.inFlight, "appeal:"+id)
		}
		d.unlock()
	}
	a, ok := d.appeals[id]
	if !ok || a.Open() || a.Post == AppealPostDealt || a.Action == ActionLeave || (!claimed && d.inFlight["appeal:"+id]) {
		release()
		return nil
	}
	ed, ok := d.opts.Poster.(feeds.Editor)
	if !ok {
		release()
		return fmt.Errorf("%w: no account is configured to change posts from", ErrIllegal)
	}
	remote, account := d.appealStatus(a)
	action, update := a.Action, a.Update
	if err := d.record(ctx, EvAppealPostStarted, actor, appealPostPayload{Appeal: id}); err != nil {
		release()
		return err
	}
	d.inFlight["appeal:"+id] = true
	d.unlock()

	var err error
	if action == ActionEdit {
		_, err = ed.Edit(ctx, feeds.Edit{Account: account, RemoteID: remote, Text: update})
	} else {
		err = ed.Delete(ctx, account, remote)
	}

	// What the server did must be recorded however long the turn takes.
	d.lockAlways()
	defer d.unlock()
	delete(d.inFlight, "appeal:"+id)
	ctx = context.WithoutCancel(ctx)
	if err != nil {
		if rerr := d.record(ctx, EvAppealPostFailed, actor, appealPostPayload{Appeal: id, Error: err.Error()}); rerr != nil {
			return fmt.Errorf("%s the appeal's post: %v; and recording the failure: %w", action, err, rerr)
		}
		return fmt.Errorf("%s the appeal's post: %w", action, err)
	}
	return d.record(ctx, EvAppealPostDone, actor, appealPostPayload{Appeal: id})
}

// resumeAppealPosts sends again the edits and deletes that were being sent
// when dutydesk stopped: an edit reads the status first, so none is made
// twice. With a shared store, another host's are resumed only once the post
// lease has run out (that host died mid-edit).
func (d *Desk) resumeAppealPosts(ctx context.Context) error {
	d.mu.RLock()
	var due []string
	now := d.opts.Now()
	for id, a := range d.appeals {
		stale := !d.shared() || !now.Before(a.PostSince.Add(d.opts.PostLease))
		if a.Post == AppealPostSending && !d.inFlight["appeal:"+id] && stale {
			due = append(due, id)
		}
	}
	d.mu.RUnlock()
	sort.Strings(due)
	var errs []error
	for _, id := range due {
		errs = append(errs, d.sendAppealPost(ctx, SystemActor, id, false))
	}
	return errors.Join(errs...)
}

// appealFold follows the appeals through events for the report: the fold
// of their own events, and the text of each team post and draft they
// might be on.
type appealFold struct {
	state
	texts map[string]string // team post or draft ID → text as last seen
}

func (f *appealFold) add(ev Event) {
	switch ev.Type {
	case EvItemArrived, EvItemEdited:
		if p, err := decode[itemPayload](ev); err == nil && p.Item.Kind == feeds.KindTeamPost {
			f.texts[p.Item.ID] = p.Item.Text
		}
	case EvDrafted:
		if p, err := decode[draftCreatedPayload](ev); err == nil && p.Kind == DraftUpdate {
			f.texts[p.Draft] = p.Text
		}
	case EvDraftEdited:
		if p, err := decode[draftEditedPayload](ev); err == nil {
			if _, ok := f.texts[p.Draft]; ok {
				f.texts[p.Draft] = p.Text
			}
		}
	case EvAppealMarked, EvAppealResolved, EvAppealPostStarted, EvAppealPostDone, EvAppealPostFailed:
		_ = f.applyAppeal(ev) // a malformed event leaves the appeal as it was
	}
}

// stillUp lists the resolved appeals whose posts still show the person,
// longest resolved first.
func (f *appealFold) stillUp() []ReportAppeal {
	var out []ReportAppeal
	for _, a := range f.appeals {
		if !a.StillUp() {
			continue
		}
		text := f.texts[a.Draft]
		if a.Item != "" {
			text = f.texts[a.Item]
		}
		out = append(out, ReportAppeal{ID: a.ID, Kind: a.Kind, Outcome: a.Outcome, Reason: a.Reason, ResolvedBy: a.ResolvedBy,
			Resolved: a.Resolved, Action: a.Action, LastError: a.LastError, Text: text})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Resolved.Before(out[j].Resolved) || (out[i].Resolved.Equal(out[j].Resolved) && out[i].ID < out[j].ID)
	})
	return out
}

// StillUpWhy says why a resolved appeal's post is still up, and what to do.
func (a ReportAppeal) StillUpWhy() string {
	if a.LastError != "" {
		return "the " + string(a.Action) + " failed (" + a.LastError + "): press R on it in the Team feed to try again"
	}
	return "left as it was: press R on it in the Team feed to edit or delete it"
}
