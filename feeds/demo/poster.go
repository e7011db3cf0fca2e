package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Poster stands in for the team account in the demo: it "posts" locally,
// answers each idempotency key once, and hands team posts back as feed
// events so they show in the Team feed as a real timeline would.
type Poster struct {
	mu     sync.Mutex
	byKey  map[string]feeds.Posted
	n      int
	echo   func(feeds.Event)
	author string
}

// NewPoster makes a demo poster; echo (may be nil) receives each new post as
// it would come back from the home timeline.
func NewPoster(echo func(feeds.Event)) *Poster {
	return &Poster{byKey: map[string]feeds.Posted{}, echo: echo, author: "@team3@police.example"}
}

// Handles is the demo team account's handle, which the public mentions.
func (p *Poster) Handles() []string { return []string{p.author} }

// Post implements feeds.Poster.
func (p *Poster) Post(ctx context.Context, post feeds.Post) (feeds.Posted, error) {
	if err := ctx.Err(); err != nil {
		return feeds.Posted{}, err
	}
	p.mu.Lock()
	if done, ok := p.byKey[post.Key]; ok {
		p.mu.Unlock()
		return done, nil
	}
	p.n++
	id := fmt.Sprintf("posted-%d", p.n)
	done := feeds.Posted{RemoteID: id, URL: "https://police.example/@team3/" + id}
	p.byKey[post.Key] = done
	p.mu.Unlock()
	if p.echo != nil {
		kind := feeds.KindTeamPost
		p.echo(feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{
			ID: "demo:" + id, Source: sourceName, Kind: kind, Author: p.author, AuthorName: "Team 3",
			Text: feeds.SafeText(post.Text), URL: done.URL, Visibility: post.Visibility, Created: time.Now(), RemoteID: id,
		}})
	}
	return done, nil
}
