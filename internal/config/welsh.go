package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
)

// Cymraeg / Welsh. A team with languages = ["cy", "en"] posts its duty
// broadcasts and off-duty replies in both languages, in that order (Welsh
// first, as the Welsh Language Standards ask), each from its own template:
// on_template_cy, off_template_cy, auto_reply_cy and urgent_reply_cy beside
// the English ones. The two go out as one post, or — longer than the
// server's limit — as a thread, Welsh first (feeds/mastodon).

// DefaultUrgentReplyCy is the emergency advice in Welsh, for a Welsh team
// that gives no urgent_reply_cy: desk.DefaultUrgentReply's words.
const DefaultUrgentReplyCy = "Os oes unrhyw un mewn perygl neu os yw trosedd yn digwydd nawr, ffoniwch 999 ar unwaith " +
	"(tecstiwch 999 os ydych chi wedi cofrestru gydag emergencySMS). Nid yw'r cyfrif hwn yn cael ei fonitro drwy'r amser."

// bilingualSep is what comes between a post's languages.
const bilingualSep = "\n\n"

// Render fills the team's on- or off-duty broadcast, in each of its languages.
func (t Team) Render(a desk.Announcement) string {
	return t.render(a, func(d DutyConfig, cy bool) string {
		switch {
		case a.On && cy:
			return d.OnTemplateCy
		case a.On:
			return d.OnTemplate
		case cy:
			return d.OffTemplateCy
		}
		return d.OffTemplate
	})
}

// RenderAutoReply fills the team's off-duty auto-reply, in each of its languages.
func (t Team) RenderAutoReply(a desk.Announcement) string {
	return t.render(a, func(d DutyConfig, cy bool) string {
		if cy {
			return d.AutoReplyCy
		}
		return d.AutoReply
	})
}

// RenderUrgentReply fills the team's off-duty emergency advice, in each
// of its languages.
func (t Team) RenderUrgentReply(a desk.Announcement) string {
	return t.render(a, func(d DutyConfig, cy bool) string {
		switch {
		case cy && d.UrgentReplyCy != "":
			return d.UrgentReplyCy
		case cy:
			return DefaultUrgentReplyCy
		}
		return d.UrgentReply
	})
}

// render fills the template pick gives for each of t's languages and joins
// them, first language first.
func (t Team) render(a desk.Announcement, pick func(d DutyConfig, cy bool) string) string {
	langs := t.Languages
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	var out []string
	for _, l := range langs {
		if text := fill(t, l == "cy", pick(t.Duty, l == "cy"), a); strings.TrimSpace(text) != "" {
			out = append(out, text)
		}
	}
	return strings.Join(out, bilingualSep)
}

// fill fills a template's fields for team t, in Welsh when cy.
func fill(t Team, cy bool, tmpl string, a desk.Announcement) string {
	until, officers, nextOn := a.Until, strings.Join(a.Officers, ", "), t.Duty.NextOn
	if until == "" {
		until = "the end of the shift"
		if cy {
			until = "diwedd y shifft"
		}
	}
	if officers == "" {
		officers = "the team"
		if cy {
			officers = "y tîm"
		}
	}
	if cy && t.Duty.NextOnCy != "" {
		nextOn = t.Duty.NextOnCy
	}
	return strings.NewReplacer("{team}", t.Name, "{until}", until, "{next_on}", nextOn,
		"{officers}", officers, "{link}", t.Duty.ReportLink).Replace(tmpl)
}

// validateWelsh asks a team that posts in Welsh for the Welsh version of
// every template it posts.
func (c Config) validateWelsh(i int, tc TeamConfig) error {
	if !slices.Contains(tc.Languages, "cy") {
		return nil
	}
	duty := tc.Duty
	inheritDuty(&duty, c.Duty)
	at := fmt.Sprintf("teams[%d]", i)
	for _, f := range []struct{ key, text string }{
		{"on_template_cy", duty.OnTemplateCy}, {"off_template_cy", duty.OffTemplateCy}, {"auto_reply_cy", duty.AutoReplyCy},
	} {
		if strings.TrimSpace(f.text) == "" {
			return c.ErrorAt(at+".languages", fmt.Sprintf("team %q posts in Welsh (languages %q) but has no %s: give the Welsh version in [teams.duty] or [duty]",
				tc.ID, tc.Languages, f.key))
		}
	}
	return nil
}
