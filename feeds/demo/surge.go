package demo

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Surge generates realistic inbound traffic, as on a riot night: many
// authors (a few very loud), replies threaded under the surge's own team
// posts, mentions and direct messages, exact duplicates by one author, about
// 1% urgent-sounding items, and deletes of earlier items.
type Surge struct {
	rate float64
	d    time.Duration
	seed int64
}

// NewSurge returns a source of rate items per second for d (d=0: until ctx
// ends). Its content is drawn from seed; its item IDs also carry the moment
// Run began, so a second run over the same store brings new items.
func NewSurge(rate float64, d time.Duration, seed int64) *Surge {
	return &Surge{rate: rate, d: d, seed: seed}
}

// Name implements feeds.Source.
func (s *Surge) Name() string { return "surge" }

// Surge pacing: events are sent in small bursts on a ticker rather than on a
// timer each, so thousands per second cost little.
const (
	minSurgeTick = 5 * time.Millisecond
	maxSurgeTick = time.Second
)

// Run implements feeds.Source. It sends, as near as the consumer allows,
// rate×elapsed events; with d set it sends rate×d events in all and returns
// nil after d. It returns ctx.Err() promptly when ctx ends.
func (s *Surge) Run(ctx context.Context, out chan<- feeds.Event) error {
	begin := time.Now()
	g := newSurgeGen(s.seed, "surge:"+strconv.FormatInt(s.seed, 10)+"-"+strconv.FormatInt(begin.UnixNano(), 36)+":")
	var stop <-chan time.Time
	if s.d > 0 {
		t := time.NewTimer(s.d)
		defer t.Stop()
		stop = t.C
	}
	if s.rate <= 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-stop:
			return nil
		}
	}
	tick := time.Duration(float64(time.Second) / s.rate)
	tick = min(max(tick, minSurgeTick), maxSurgeTick)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	sent := 0
	send := func(due int) error {
		for ; sent < due; sent++ {
			select {
			case out <- g.next(time.Now()):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-stop:
			return send(int(s.d.Seconds() * s.rate))
		case <-ticker.C:
			elapsed := time.Since(begin)
			if s.d > 0 {
				elapsed = min(elapsed, s.d)
			}
			if err := send(int(elapsed.Seconds() * s.rate)); err != nil {
				return err
			}
		}
	}
}

// GenerateSurge returns n surge events without a clock, for benchmarks and
// tests: the same seed gives the same events. Item IDs are
// "surge:<seed>:<n>"; Created starts at start and advances a few
// milliseconds an item.
func GenerateSurge(n int, seed int64, start time.Time) []feeds.Event {
	g := newSurgeGen(seed, "surge:"+strconv.FormatInt(seed, 10)+":")
	evs := make([]feeds.Event, n)
	at := start
	for i := range evs {
		evs[i] = g.next(at)
		at = at.Add(time.Duration(g.rng.ExpFloat64() * float64(5*time.Millisecond)))
	}
	return evs
}

// Shares of surge traffic.
const (
	surgeTeamPost  = 0.002 // the team posts an update
	surgeDelete    = 0.02  // an author deletes an earlier item
	surgeDuplicate = 0.05  // an author posts the same text again
	surgeUrgent    = 0.01  // an item that sounds like an emergency
	surgeDirect    = 0.08  // of ordinary items, sent as direct messages
	surgeReply     = 0.45  // of ordinary items, replies to a team post
)

// Bounds on what the generator remembers, so a surge of any length runs in
// constant memory.
const (
	surgeRecent    = 256  // items a duplicate may copy
	surgeDeletable = 4096 // items a delete may remove
	surgePosts     = 16   // team posts replies may answer
	surgeAuthors   = 20000
)

type surgeGen struct {
	rng       *rand.Rand
	authors   *rand.Zipf
	prefix    string
	n         int
	posts     []feeds.Item // recent team posts
	recent    []feeds.Item // recent inbound items, a ring
	deletable []string     // inbound IDs not yet deleted
}

func newSurgeGen(seed int64, prefix string) *surgeGen {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed_d0d0_cafe))
	return &surgeGen{
		rng:     rng,
		authors: rand.NewZipf(rng, 1.3, 4, surgeAuthors-1),
		prefix:  prefix,
	}
}

// next returns the next surge event, created at at.
func (g *surgeGen) next(at time.Time) feeds.Event {
	if len(g.posts) == 0 || g.rng.Float64() < surgeTeamPost {
		return g.upsert(g.teamPost(at))
	}
	switch r := g.rng.Float64(); {
	case r < surgeDelete && len(g.deletable) > 0:
		i := g.rng.IntN(len(g.deletable))
		id := g.deletable[i]
		last := len(g.deletable) - 1
		g.deletable[i] = g.deletable[last]
		g.deletable = g.deletable[:last]
		return feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: id}}
	case r < surgeDelete+surgeDuplicate && len(g.recent) > 0:
		it := g.recent[g.rng.IntN(len(g.recent))]
		g.stamp(&it, at)
		return g.upsert(it)
	case r < surgeDelete+surgeDuplicate+surgeUrgent:
		return g.upsert(g.inbound(at, urgentTemplates))
	default:
		return g.upsert(g.inbound(at, questionTemplates))
	}
}

// upsert remembers an item for later duplicates, replies and deletes.
func (g *surgeGen) upsert(it feeds.Item) feeds.Event {
	if it.Kind == feeds.KindTeamPost {
		if len(g.posts) == surgePosts {
			copy(g.posts, g.posts[1:])
			g.posts = g.posts[:surgePosts-1]
		}
		g.posts = append(g.posts, it)
	} else {
		if len(g.recent) < surgeRecent {
			g.recent = append(g.recent, it)
		} else {
			g.recent[g.n%surgeRecent] = it
		}
		if len(g.deletable) < surgeDeletable {
			g.deletable = append(g.deletable, it.ID)
		} else {
			g.deletable[g.rng.IntN(surgeDeletable)] = it.ID
		}
	}
	return feeds.Event{Type: feeds.EventUpsert, Item: it}
}

// stamp gives an item a new identity, as a new post with the same words.
func (g *surgeGen) stamp(it *feeds.Item, at time.Time) {
	g.n++
	it.ID = g.prefix + strconv.Itoa(g.n)
	it.RemoteID = strconv.FormatInt(113_300_000_000_000_000+int64(g.n)*64, 10)
	it.Created = at
	it.URL = ""
	if it.Visibility != feeds.VisibilityDirect {
		user, host, _ := strings.Cut(strings.TrimPrefix(it.Author, "@"), "@")
		it.URL = "https://" + host + "/@" + user + "/" + it.RemoteID
	}
	if it.InReplyTo == "" {
		it.Thread = it.ID
	}
}

func (g *surgeGen) teamPost(at time.Time) feeds.Item {
	_, people := Team()
	p := people[g.rng.IntN(len(people))]
	it := feeds.Item{
		Source:     "surge",
		Kind:       feeds.KindTeamPost,
		Author:     teamAccount,
		AuthorName: p.Name,
		Text:       feeds.SafeText(g.fill(teamPostTemplates)),
		Visibility: feeds.VisibilityPublic,
	}
	g.stamp(&it, at)
	return it
}

func (g *surgeGen) inbound(at time.Time, templates []string) feeds.Item {
	k := int(g.authors.Uint64())
	first := firstNames[k%len(firstNames)]
	last := lastNames[(k/len(firstNames))%len(lastNames)]
	handle := strings.ToLower(first) + strings.ToLower(last[:1])
	if num := k / (len(firstNames) * len(lastNames)); num > 0 {
		handle += strconv.Itoa(num)
	}
	it := feeds.Item{
		Source:     "surge",
		Kind:       feeds.KindMention,
		Author:     "@" + handle + "@" + instances[(k*7)%len(instances)],
		AuthorName: first + " " + last,
		Visibility: feeds.VisibilityPublic,
	}
	text := g.fill(templates)
	switch r := g.rng.Float64(); {
	case r < surgeDirect:
		it.Kind, it.Visibility = feeds.KindDirect, feeds.VisibilityDirect
	case r < surgeDirect+surgeReply:
		post := g.posts[g.rng.IntN(len(g.posts))]
		it.Kind, it.InReplyTo, it.Thread = feeds.KindReply, post.ID, post.Thread
	}
	if g.rng.IntN(500) == 0 {
		// now and then someone tries to drive the terminal
		text = "\x1b[2J\x1b]0;pwned\x07" + text + "\u202e\x1b[5m"
	}
	it.Text = feeds.SafeText("@team3 " + text)
	g.stamp(&it, at)
	return it
}

// fill picks a template and fills its %s with a place in Carlisle.
func (g *surgeGen) fill(templates []string) string {
	t := templates[g.rng.IntN(len(templates))]
	for strings.Contains(t, "%s") {
		t = strings.Replace(t, "%s", places[g.rng.IntN(len(places))], 1)
	}
	return t
}

var (
	places = []string{
		"Botchergate", "London Rd", "Warwick Rd", "Scotch St", "English St", "Lowther St", "Castle St",
		"Stanwix Bank", "Kingstown Rd", "Dalston Rd", "Wigton Rd", "Newtown Rd", "Currock Rd", "Petteril St",
		"Harraby", "Raffles", "Morton", "Belah", "Upperby", "Denton Holme", "the Lanes", "the bus station",
		"Bitts Park", "the Crescent", "Court Square", "Brampton Rd", "Durranhill", "Botcherby",
	}
	firstNames = []string{
		"Amy", "Bob", "Chloe", "Dave", "Emma", "Gary", "Hannah", "Ian", "Jen", "Kev", "Liam", "Maggie",
		"Nadia", "Ollie", "Pete", "Rachel", "Sam", "Tom", "Una", "Vic", "Wendy", "Yusuf", "Zoe", "Craig",
		"Dawn", "Shaun", "Kirsty", "Lee", "Mandy", "Darren", "Stacey", "Jordan", "Priya", "Tariq", "Agnieszka",
	}
	lastNames = []string{
		"Armstrong", "Bell", "Carr", "Dixon", "Elliot", "Foster", "Graham", "Hodgson", "Irving", "Jackson",
		"Kirkpatrick", "Little", "Moffat", "Nixon", "Robson", "Routledge", "Scott", "Telford", "Wilson", "Young",
	}
	instances = []string{
		"mastodon.social", "mas.to", "mastodon.online", "toot.community", "mstdn.social", "social.coop",
		"mastodon.scot", "mastodonapp.uk",
	}
	teamPostTemplates = []string{
		"We're aware of a large group gathering on %s. Officers are on scene. Please avoid the area and don't share rumours — we'll update here.",
		"%s is closed in both directions while officers deal with an incident. Please find another route.",
		"Reports of shops being looted on %s are NOT true. Officers are patrolling and the area is calm.",
		"Extra officers are on patrol in %s and %s tonight. If you're worried, come and talk to us.",
		"Please don't call 999 to ask about rumours — use 101 or message us here. 999 is for emergencies only.",
		"Thank you to everyone who has sent us information about the disorder on %s. We are reading every message.",
	}
	questionTemplates = []string{
		"Is it safe to walk through %s tonight?",
		"Why are there so many police vans on %s?",
		"Heard the shops on %s are being looted, is that true?",
		"Is %s closed? Trying to get home from work",
		"Any update on the disorder near %s?",
		"Rumour on Facebook that the Tesco near %s has been set on fire, can you confirm?",
		"My son hasn't come home, he was last seen in %s. Who do I ring?",
		"Thanks for the updates tonight, really reassuring",
		"Well done to the officers on %s tonight 👏",
		"Where were you when my car was broken into on %s last week?",
		"Been on hold to 101 for 40 minutes, is anyone answering?",
		"Are the buses still running through %s?",
		"There's a group of lads with their faces covered hanging about %s, should I be worried?",
		"Can I still get to the hospital via %s?",
		"Is the train station open? Someone said %s is blocked",
		"Saw people carrying TVs down %s an hour ago, I've got photos",
		"Why aren't you doing anything about %s?? Absolute joke",
		"Is the pub on %s open or have you shut them all?",
		"My nan lives on %s and she's frightened, can someone check on her?",
		"Just want to say thanks to the PCSOs in %s, they've been brilliant",
	}
	urgentTemplates = []string{
		"help there's a man following me down %s",
		"someone's just been stabbed outside the chippy on %s please send someone",
		"there's a gang with knives on %s right now, we're locked in the shop",
		"HELP my house on %s is on fire and my dad is still inside",
		"being chased by a group of lads near %s, help please",
		"two men are breaking into the house next door on %s right now",
	}
)
