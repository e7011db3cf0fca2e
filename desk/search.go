package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/dutydesk/dutydesk/feeds"
)

// Search reaches the questions that left memory (archive.go). Each store
// keeps, beside every event, the question it concerns (its subject) and, for
// the events that bring words — an arrival, an edit, a follow-up — those
// words in a real full-text index: SQLite's FTS5, PostgreSQL's tsvector with
// a GIN index. PostgreSQL fills them as it stores the event; SQLite, whose
// FTS5 would double the time an arrival takes to store, behind the log
// (Indexer), with the background snapshots and before every search. A search finds the subjects whose words match, newest first;
// the desk then folds each one's own events into the question as it was
// last, which the console lists after the live matches, marked archived.

// SearchStore is a Store that finds questions by their words, and their
// events by question.
type SearchStore interface {
	Store
	// Search returns the subjects (question IDs) of the events whose words
	// contain every term as a word or a word's beginning, newest first,
	// each once, at most limit.
	Search(ctx context.Context, terms []string, limit int) ([]string, error)
	// SubjectEvents calls fn for every event about the given questions, in
	// store order.
	SubjectEvents(ctx context.Context, subjects []string, fn func(Event) error) error
}

// Indexer is a store that fills its search index behind the log, in the
// background, rather than as it stores each event.
type Indexer interface {
	Index(ctx context.Context) error
}

// eventKeys returns the question an event is about ("" for none) and the
// words it brings to the search index ("" for none): what the stores keep
// beside it. Fresh events decode nothing: their payloads are at hand.
func eventKeys(ev Event) (subject, words string) {
	switch ev.Type {
	case EvItemArrived, EvItemEdited:
		p, err := decode[itemPayload](ev)
		if err != nil || !p.Item.Kind.Inbound() {
			return "", ""
		}
		return p.Item.ID, itemWords(p.Item)
	case EvDuplicateArrived:
		p, err := decode[duplicatePayload](ev)
		if err != nil {
			return "", ""
		}
		return p.Question, ""
	case EvFollowUp, EvThreadReply:
		p, err := decode[threadPayload](ev)
		if err != nil {
			return "", ""
		}
		return p.Question, itemWords(p.Item)
	case EvAcknowledged, EvAssigned, EvClaimed, EvReleased, EvAnswered, EvClosed, EvDismissed, EvHandedBack, EvReopened:
		p, err := decode[questionPayload](ev)
		if err != nil {
			return "", ""
		}
		return p.Question, ""
	case EvLevelSet:
		p, err := decode[levelPayload](ev)
		if err != nil {
			return "", ""
		}
		return p.Question, ""
	case EvDrafted:
		p, err := decode[draftCreatedPayload](ev)
		if err != nil {
			return "", ""
		}
		return p.ReplyTo, ""
	case EvDraftEdited, EvApproved, EvRejected, EvPostStarted, EvPosted, EvPostFailed, EvSuperseded:
		// A draft's later events are about the draft: ArchivedThread
		// finds a reply's outcome by its ID.
		return draftNamed(ev), ""
	}
	return "", ""
}

// draftNamed is the draft a draft event names: from its decoded payload
// (draftOf), else from the stored JSON.
func draftNamed(ev Event) string {
	if id := draftOf(ev.decoded); id != "" {
		return id
	}
	var p struct {
		Draft string `json:"draft"`
	}
	if json.Unmarshal(ev.Payload, &p) != nil {
		return ""
	}
	return p.Draft
}

func itemWords(it itemRecord) string {
	return strings.TrimSpace(it.Author + " " + it.AuthorName + " " + it.Text)
}

// searchTerms splits what someone typed into the words a full-text index
// knows: runs of letters and digits, lower case. Everything else (quotes,
// operators, punctuation) separates words, so no query syntax reaches a
// store from the keyboard.
func searchTerms(needle string) []string {
	return strings.FieldsFunc(strings.ToLower(needle), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// searchAtMost bounds the archived matches one search loads.
const searchAtMost = 200

// SearchArchive finds the questions that left memory whose author, name or
// words match needle (every word of it, as a word or a word's beginning),
// newest first, at most limit (0: 200), each as it was when it left. Live
// questions are not among them: the console matches those itself. It reads
// the store, so call it off the keyboard's path.
func (d *Desk) SearchArchive(ctx context.Context, needle string, limit int) ([]Question, error) {
	ss, ok := d.store.(SearchStore)
	if !ok {
		return nil, errors.New("this store cannot search its archive")
	}
	terms := searchTerms(needle)
	if len(terms) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = searchAtMost
	}
	// Ask for more than limit: some matches are live and are dropped.
	subjects, err := ss.Search(ctx, terms, limit+64)
	if err != nil {
		return nil, fmt.Errorf("search the archive for %q: %w", needle, err)
	}
	d.mu.RLock()
	archived := subjects[:0]
	for _, id := range subjects {
		if _, live := d.questions[id]; !live && len(archived) < limit {
			archived = append(archived, id)
		}
	}
	d.mu.RUnlock()
	return d.archivedQuestions(ctx, ss, archived)
}

// ArchivedQuestion is a question that left memory, folded from its events
// in the store; ok is false if the store holds no such question.
func (d *Desk) ArchivedQuestion(ctx context.Context, id string) (Question, bool, error) {
	ss, ok := d.store.(SearchStore)
	if !ok {
		return Question{}, false, errors.New("this store cannot search its archive")
	}
	qs, err := d.archivedQuestions(ctx, ss, []string{id})
	if err != nil || len(qs) == 0 {
		return Question{}, false, err
	}
	return qs[0], true, nil
}

// ArchivedThread is Thread for a question that left memory, folded from
// its own events in the store: its messages and the team's replies, oldest
// first; ok is false if the store holds no such question.
func (d *Desk) ArchivedThread(ctx context.Context, id string) (q Question, thread []feeds.Item, ok bool, err error) {
	ss, isSearch := d.store.(SearchStore)
	if !isSearch {
		return Question{}, nil, false, errors.New("this store cannot search its archive")
	}
	s, err := d.foldSubjects(ctx, ss, []string{id})
	if err != nil {
		return Question{}, nil, false, err
	}
	// Replies are drafted about the question, but posted by their own
	// events: fold those in too, so the thread shows what went out.
	var drafts []string
	for _, dr := range s.draftList {
		drafts = append(drafts, dr.ID)
	}
	if err := ss.SubjectEvents(ctx, drafts, func(ev Event) error { return applyDraftOnly(&s, ev) }); err != nil {
		return Question{}, nil, false, fmt.Errorf("read archived question %s: %w", id, err)
	}
	got, ok := s.questions[id]
	if !ok {
		return Question{}, nil, false, nil
	}
	return *got, s.thread(id), true, nil
}

// applyDraftOnly folds a draft's later events (approved, posted …) into s.
func applyDraftOnly(s *state, ev Event) error {
	switch ev.Type {
	case EvDraftEdited, EvApproved, EvRejected, EvPostStarted, EvPosted, EvPostFailed, EvSuperseded:
		return s.applyDraft(ev)
	}
	return nil
}

// archivedQuestions folds the events of each subject, without archiving,
// and returns the questions in the order of ids.
func (d *Desk) archivedQuestions(ctx context.Context, ss SearchStore, ids []string) ([]Question, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	s, err := d.foldSubjects(ctx, ss, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Question, 0, len(ids))
	for _, id := range ids {
		if q, ok := s.questions[id]; ok {
			out = append(out, *q)
		}
	}
	return out, nil
}

// foldSubjects folds the events about the given questions into a new
// state that archives nothing and names people as the desk does.
func (d *Desk) foldSubjects(ctx context.Context, ss SearchStore, ids []string) (state, error) {
	s := newStateArchiving(0)
	d.mu.RLock()
	for id, p := range d.people {
		p := *p
		s.people[id] = &p
	}
	d.mu.RUnlock()
	err := ss.SubjectEvents(ctx, ids, func(ev Event) error {
		if err := s.apply(ev); err != nil {
			return err
		}
		s.lastSeq = ev.Seq
		return nil
	})
	if err != nil {
		return state{}, fmt.Errorf("read archived questions: %w", err)
	}
	return s, nil
}
