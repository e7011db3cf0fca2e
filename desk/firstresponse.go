package desk

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// First response: how long the public waited to see that the team had heard
// them — from a question's arrival to its first public acknowledgement (a
// favourite, an acknowledgement reply, the off-duty auto-reply, emergency
// advice) or answer, whichever came first — beside how long it waited for
// the answer. Measured on the duty clock like every SLA figure, so an
// off-duty auto-reply counts as an immediate response; the share within
// target uses the acknowledgement target for first responses and the answer
// target for answers.

// ResponseTimes summarise one set of waits.
type ResponseTimes struct {
	N           int
	Median, P90 time.Duration
	// Within is the share of the N within the target (0 when N is 0).
	Within float64
}

// Responses is who responded first and who answered, per person and for
// the team, over the questions first responded to (or answered) in the
// report's window.
type Responses struct {
	First, Answer ResponseTimes
	// People has a row for each person who responded or answered, in
	// roster order, then "auto" for the off-duty auto-reply and emergency
	// advice the desk sent itself.
	People []PersonResponses
}

// PersonResponses is one person's first responses and answers.
type PersonResponses struct {
	ID, Name      string
	First, Answer ResponseTimes
}

// AutoResponder names the desk's own automatic replies in Responses.
const AutoResponder = "auto"

// responseFold collects the public responses to each question from the
// events, as BuildReport folds them.
type responseFold struct {
	arrived map[string]time.Time
	drafts  map[string]*Draft // the fields a response needs: ReplyTo, Author, Kind
	first   map[string]publicResponse
	answer  map[string]publicResponse
}

type publicResponse struct {
	at time.Time
	by string
}

func newResponseFold() *responseFold {
	return &responseFold{arrived: map[string]time.Time{}, drafts: map[string]*Draft{},
		first: map[string]publicResponse{}, answer: map[string]publicResponse{}}
}

// add folds one event.
func (f *responseFold) add(ev Event) {
	respond := func(q, by string) {
		if _, ok := f.arrived[q]; !ok {
			return
		}
		if _, done := f.first[q]; !done {
			f.first[q] = publicResponse{ev.At, by}
		}
	}
	switch ev.Type {
	case EvItemArrived:
		if p, err := decode[itemPayload](ev); err == nil && p.Item.Kind.Inbound() {
			f.arrived[p.Item.ID] = ev.At
		}
	case EvDrafted:
		if p, err := decode[draftCreatedPayload](ev); err == nil && p.ReplyTo != "" {
			f.drafts[p.Draft] = &Draft{ReplyTo: p.ReplyTo, Author: ev.Actor, Kind: p.Kind}
		}
	case EvPosted:
		p, err := decode[postedPayload](ev)
		if err != nil {
			return
		}
		if dr, ok := f.drafts[p.Draft]; ok {
			by := dr.Author
			if dr.Kind.automatic() || by == SystemActor {
				by = AutoResponder
			}
			respond(dr.ReplyTo, by)
		}
	case EvFavourited:
		if p, err := decode[questionPayload](ev); err == nil {
			respond(p.Question, ev.Actor)
		}
	case EvAnswered:
		p, err := decode[questionPayload](ev)
		if err != nil {
			return
		}
		by := ev.Actor
		if dr, ok := f.drafts[p.Draft]; ok && dr.Author != "" {
			by = dr.Author
		}
		respond(p.Question, by)
		if _, done := f.answer[p.Question]; !done {
			if _, ok := f.arrived[p.Question]; ok {
				f.answer[p.Question] = publicResponse{ev.At, by}
			}
		}
	}
}

// responses sums the fold for the window [from, to] on the duty clock.
func (f *responseFold) responses(clock *dutyClock, people []Person, from, to time.Time, ackWithin, answerWithin time.Duration) Responses {
	in := func(t time.Time) bool { return !t.Before(from) && !t.After(to) }
	type waits struct{ first, answer []time.Duration }
	by := map[string]*waits{}
	team := &waits{}
	get := func(id string) *waits {
		if by[id] == nil {
			by[id] = &waits{}
		}
		return by[id]
	}
	for q, r := range f.first {
		if in(r.at) {
			w := clock.between(f.arrived[q], r.at)
			team.first = append(team.first, w)
			get(r.by).first = append(get(r.by).first, w)
		}
	}
	for q, r := range f.answer {
		if in(r.at) {
			w := clock.between(f.arrived[q], r.at)
			team.answer = append(team.answer, w)
			get(r.by).answer = append(get(r.by).answer, w)
		}
	}
	out := Responses{First: summariseWaits(team.first, ackWithin), Answer: summariseWaits(team.answer, answerWithin)}
	row := func(id, name string) {
		if w, ok := by[id]; ok {
			out.People = append(out.People, PersonResponses{ID: id, Name: name,
				First: summariseWaits(w.first, ackWithin), Answer: summariseWaits(w.answer, answerWithin)})
			delete(by, id)
		}
	}
	for _, p := range people {
		row(p.ID, p.Name)
	}
	row(AutoResponder, "auto-reply / advice")
	rest := make([]string, 0, len(by))
	for id := range by {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		row(id, id) // someone no longer on the roster
	}
	return out
}

func summariseWaits(ws []time.Duration, target time.Duration) ResponseTimes {
	t := ResponseTimes{N: len(ws), Median: percentile(ws, 0.5), P90: percentile(ws, 0.9)}
	if len(ws) > 0 {
		within := 0
		for _, w := range ws {
			if w <= target {
				within++
			}
		}
		t.Within = float64(within) / float64(len(ws))
	}
	return t
}

// String is "median 12m · p90 40m · 80% within target (5)", or "-".
func (t ResponseTimes) String() string {
	if t.N == 0 {
		return "-"
	}
	return fmt.Sprintf("median %s · p90 %s · %.0f%% within target (%d)", Minutes(t.Median), Minutes(t.P90), 100*t.Within, t.N)
}

// writeResponsesMarkdown is the report's first-response section.
func (r Report) writeResponsesMarkdown(b *strings.Builder) {
	f := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	f("\n## First response and answer (on duty)\n\n")
	f("First response: arrival to the first public acknowledgement (favourite, acknowledgement reply, auto-reply, advice) or answer; target %s. Answer target %s.\n\n",
		Minutes(r.AcknowledgeWithin), Minutes(r.AnswerWithin))
	f("| who | first response | answer |\n| --- | --- | --- |\n")
	f("| team | %s | %s |\n", r.Responses.First, r.Responses.Answer)
	for _, p := range r.Responses.People {
		f("| %s | %s | %s |\n", p.Name, p.First, p.Answer)
	}
}

// writeResponsesCSV adds the first-response rows to the CSV report.
func (r Report) writeResponsesCSV(row func(cells ...any)) {
	mins := func(d time.Duration) string { return fmt.Sprintf("%.1f", d.Minutes()) }
	put := func(section, name string, t ResponseTimes, what string) {
		row(section, name, what+"_count", t.N)
		row(section, name, what+"_median_minutes", mins(t.Median))
		row(section, name, what+"_p90_minutes", mins(t.P90))
		row(section, name, what+"_within_target", fmt.Sprintf("%.3f", t.Within))
	}
	put("response", r.Team, r.Responses.First, "first_response")
	put("response", r.Team, r.Responses.Answer, "answer")
	for _, p := range r.Responses.People {
		put("response_person", p.Name, p.First, "first_response")
		put("response_person", p.Name, p.Answer, "answer")
	}
}
