package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/internal/config"
)

func TestABlockedSavedReplyStopsTheStart(t *testing.T) {
	cfg, err := config.Parse("team.toml", "team = \"Team 3\"\n\n[[replies]]\nname = \"ring me\"\ntext = \"Thanks {name}, ring PC Ellis on 07700 900123\"\n")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"), cfg, nil, nil)
	if err == nil || !strings.Contains(err.Error(), `team.toml:5: replies[0] ("ring me") is blocked by the risk check: phone "07700 900123"`) {
		t.Fatalf("error %v, want the saved reply refused at its line with the finding", err)
	}
}

func TestSavedRepliesReachTheDesk(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, closeDesk, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"), cfg, cfg.DeskPeople(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	if r, ok := d.SavedReply("acknowledge"); !ok || !strings.Contains(r.Text, "{officer}") {
		t.Fatalf("the desk offers %+v, want the example's acknowledgement", d.SavedReplies())
	}
}
