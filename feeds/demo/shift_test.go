package demo

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

var start = time.Date(2011, 3, 19, 14, 0, 0, 0, time.UTC)

func TestTeamRoster(t *testing.T) {
	name, people := Team()
	if name == "" {
		t.Error("team has no name")
	}
	ids := map[string]bool{}
	var sergeants, pcs, pcsos, onSupervisors int
	for _, p := range people {
		if p.ID == "" || p.Name == "" || ids[p.ID] {
			t.Errorf("bad or repeated person %+v", p)
		}
		ids[p.ID] = true
		switch {
		case p.Role == "supervisor" && strings.HasPrefix(p.Name, "Sgt "):
			sergeants++
			if p.OnShift {
				onSupervisors++
			}
		case p.Role == "officer" && strings.HasPrefix(p.Name, "PC "):
			pcs++
		case p.Role == "officer" && strings.HasPrefix(p.Name, "PCSO "):
			pcsos++
		default:
			t.Errorf("unexpected person %+v", p)
		}
	}
	if sergeants != 2 || pcs != 11 || pcsos != 2 {
		t.Errorf("roster has %d sergeants, %d officers, %d PCSOs; want 2, 11, 2", sergeants, pcs, pcsos)
	}
	if onSupervisors == 0 {
		t.Error("no supervisor on shift")
	}
	_, again := Team()
	again[0].Name = "changed"
	if _, fresh := Team(); fresh[0].Name == "changed" {
		t.Error("Team shares its slice between calls")
	}
}

func TestShiftCadence(t *testing.T) {
	steps := Shift(start)
	if len(steps) < 40 {
		t.Fatalf("only %d steps", len(steps))
	}
	if d := steps[0].Duty; d == nil || !d.On || d.Until != "22:00" || personRole(d.Actor) != "supervisor" {
		t.Errorf("first step %+v is not a sergeant putting the team on duty until 22:00", steps[0])
	}
	firstEvent := time.Duration(-1)
	for i, st := range steps {
		if n := btoi(st.Event != nil) + btoi(st.Draft != nil) + btoi(st.Duty != nil); n != 1 {
			t.Errorf("step %d carries %d things, want 1", i, n)
		}
		if st.Event != nil && firstEvent < 0 {
			firstEvent = st.At
		}
		if i == 0 {
			continue
		}
		gap := st.At - steps[i-1].At
		if gap < 0 || gap > 6*time.Second {
			t.Errorf("step %d comes %v after the one before; want 0–6s", i, gap)
		}
	}
	if firstEvent < 0 || firstEvent > 3*time.Second {
		t.Errorf("first item arrives at %v, want within 3s", firstEvent)
	}
	if last := steps[len(steps)-1].At; last < 3*time.Minute || last > 5*time.Minute {
		t.Errorf("shift lasts %v, want 3–5 minutes", last)
	}
}

func TestShiftItemsAreWellFormed(t *testing.T) {
	steps := Shift(start)
	seen := map[string]feeds.Item{}
	idPattern := regexp.MustCompile(`^demo:[0-9]+$`)
	for i, st := range steps {
		if st.Event == nil {
			continue
		}
		ev := st.Event
		if ev.Type != feeds.EventUpsert {
			if _, ok := seen[ev.Item.ID]; !ok {
				t.Errorf("step %d: %s of unknown item %q", i, ev.Type, ev.Item.ID)
			}
			continue
		}
		it := ev.Item
		if !idPattern.MatchString(it.ID) || it.Source != "demo" || it.RemoteID == "" || it.Author == "" {
			t.Errorf("step %d: malformed item %+v", i, it)
		}
		if prev, edit := seen[it.ID]; edit {
			if !it.Created.Equal(prev.Created) || it.Text == prev.Text || it.Author != prev.Author {
				t.Errorf("step %d: edit of %s changes more (or less) than its text", i, it.ID)
			}
		} else if !it.Created.Equal(start.Add(st.At)) {
			t.Errorf("step %d: %s created %v, want start+%v", i, it.ID, it.Created, st.At)
		}
		if feeds.SafeText(it.Text) != it.Text || feeds.SafeText(it.AuthorName) != it.AuthorName {
			t.Errorf("step %d: %s text is not terminal-safe: %q", i, it.ID, it.Text)
		}
		if it.InReplyTo != "" {
			parent, ok := seen[it.InReplyTo]
			if !ok || it.Thread != parent.Thread {
				t.Errorf("step %d: %s answers %q, not an earlier item in its thread", i, it.ID, it.InReplyTo)
			}
		}
		switch it.Kind {
		case feeds.KindTeamPost:
			if it.Author != "@team3@police.example" || personRole(personByName(it.AuthorName)) != "officer" {
				t.Errorf("step %d: team post %s by %s (%s), want the team account and an officer's name", i, it.ID, it.Author, it.AuthorName)
			}
		case feeds.KindDirect:
			if it.Visibility != feeds.VisibilityDirect {
				t.Errorf("step %d: direct message %s is %s", i, it.ID, it.Visibility)
			}
		case feeds.KindMention, feeds.KindReply:
			if !strings.HasPrefix(it.Author, "@") || strings.Count(it.Author, "@") != 2 {
				t.Errorf("step %d: author %q is not a full handle", i, it.Author)
			}
		default:
			t.Errorf("step %d: unknown kind %q", i, it.Kind)
		}
		seen[it.ID] = it
	}
}

func TestShiftHasEveryIngredient(t *testing.T) {
	steps := Shift(start)
	items := map[string]feeds.Item{} // latest version
	var posts, inbound []feeds.Item
	edited, deleted := false, false
	for _, st := range steps {
		if st.Event == nil {
			continue
		}
		it := st.Event.Item
		switch st.Event.Type {
		case feeds.EventUpsert:
			if _, ok := items[it.ID]; ok {
				edited = true
			} else if it.Kind == feeds.KindTeamPost {
				posts = append(posts, it)
			} else {
				inbound = append(inbound, it)
			}
			items[it.ID] = it
		case feeds.EventDelete:
			if _, ok := items[it.ID]; ok && items[it.ID].Kind.Inbound() {
				deleted = true
			}
		}
	}
	postWith := func(words ...string) bool {
		for _, p := range posts {
			if containsAll(p.Text, words...) {
				return true
			}
		}
		return false
	}
	for _, job := range [][]string{
		{"RTC", "A595"}, {"road closure"}, {"warrant"}, {"MISSING", "15"}, {"found safe", "Thank you for sharing"}, {"A595 now cleared"},
	} {
		if !postWith(job...) {
			t.Errorf("no team post about %q", job)
		}
	}
	inboundWith := func(kind feeds.Kind, words ...string) bool {
		for _, it := range inbound {
			if (kind == "" || it.Kind == kind) && containsAll(it.Text, words...) {
				return true
			}
		}
		return false
	}
	for _, q := range []struct {
		kind  feeds.Kind
		words []string
	}{
		{feeds.KindReply, []string{"Is the A595 still closed near Bothel?"}},
		{feeds.KindMention, []string{"When is the next PCSO surgery"}},
		{"", []string{"honesty", "live"}},
		{feeds.KindDirect, []string{"?"}},
		{"", []string{"help there's a man following me down London Rd"}},
	} {
		if !inboundWith(q.kind, q.words...) {
			t.Errorf("no %s item with %q", q.kind, q.words)
		}
	}
	if !edited {
		t.Error("no question is edited")
	}
	if !deleted {
		t.Error("no comment is removed by its author")
	}

	// the same long comment, four times by one author, as four items
	byAuthorText := map[[2]string][]string{}
	for _, it := range inbound {
		k := [2]string{it.Author, it.Text}
		byAuthorText[k] = append(byAuthorText[k], it.ID)
	}
	fours := 0
	for k, ids := range byAuthorText {
		if len(ids) > 1 && len(ids) != 4 {
			t.Errorf("%s posted the same text %d times", k[0], len(ids))
		}
		if len(ids) == 4 && strings.Contains(k[1], "Sir, as you are well aware one of the services major ambitions") {
			fours++
		}
	}
	if fours != 1 {
		t.Errorf("%d authors posted the long comment four times, want 1", fours)
	}

	// hostile text arrives already defused
	hostile := false
	for _, it := range inbound {
		if strings.Contains(it.Text, "cctv-botchergate4pm.exe") && strings.HasPrefix(it.Text, "@team3") {
			hostile = true
		}
	}
	if !hostile {
		t.Error("no hostile item (escape sequences and a bidi override, made safe)")
	}
}

func TestShiftDutyAndDrafts(t *testing.T) {
	steps := Shift(start)
	known := map[string]feeds.Item{}
	onDuty, wentOff, askedWhileOff, backOn := false, false, false, false
	var plate, teamUpdate, cleanReply bool
	houseNumber := regexp.MustCompile(`\b[0-9]+ [A-Z][a-z]+ (Street|St|Road|Rd|Lane|Avenue)\b`)
	for i, st := range steps {
		switch {
		case st.Event != nil && st.Event.Type == feeds.EventUpsert:
			known[st.Event.Item.ID] = st.Event.Item
			if wentOff && !onDuty && st.Event.Item.Kind.Inbound() {
				askedWhileOff = true
			}
		case st.Duty != nil:
			if personRole(st.Duty.Actor) != "supervisor" {
				t.Errorf("step %d: duty changed by %q, not a supervisor", i, st.Duty.Actor)
			}
			if !st.Duty.On {
				wentOff = true
			} else if wentOff {
				backOn = true
			}
			onDuty = st.Duty.On
		case st.Draft != nil:
			d := st.Draft
			if !onShift(d.Author) {
				t.Errorf("step %d: draft by %q, not someone on shift", i, d.Author)
			}
			if d.ReplyTo != "" {
				if it, ok := known[d.ReplyTo]; !ok || !it.Kind.Inbound() {
					t.Errorf("step %d: draft answers %q, not an earlier inbound item", i, d.ReplyTo)
				}
			}
			switch {
			case strings.Contains(d.Text, "YX61 KLM") && houseNumber.MatchString(d.Text):
				plate = personRole(d.Author) == "officer" && d.ReplyTo != ""
			case d.ReplyTo == "":
				teamUpdate = true
			default:
				cleanReply = true
			}
		}
	}
	if !wentOff || !askedWhileOff || !backOn {
		t.Errorf("off duty %v, question while off %v, back on %v; want all", wentOff, askedWhileOff, backOn)
	}
	if !plate || !teamUpdate || !cleanReply {
		t.Errorf("drafts: officer's reply with plate and address %v, clean team update %v, clean reply %v; want all", plate, teamUpdate, cleanReply)
	}
}

func personRole(id string) string {
	_, people := Team()
	for _, p := range people {
		if p.ID == id {
			return p.Role
		}
	}
	return ""
}

func personByName(name string) string {
	_, people := Team()
	for _, p := range people {
		if p.Name == name {
			return p.ID
		}
	}
	return ""
}

func onShift(id string) bool {
	_, people := Team()
	for _, p := range people {
		if p.ID == id {
			return p.OnShift
		}
	}
	return false
}

func containsAll(s string, words ...string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
