package fielderr

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestFieldErrorNamesItsKeyAndKeepsItsCause(t *testing.T) {
	err := fmt.Errorf("loading: %w", &FieldError{Key: "mastodon.accounts[0].token_file", Err: fmt.Errorf("open t: %w", fs.ErrNotExist)})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Key != "mastodon.accounts[0].token_file" {
		t.Fatalf("errors.As found %v", fe)
	}
	if got, want := err.Error(), "loading: mastodon.accounts[0].token_file: open t: file does not exist"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("the cause is lost")
	}
	if got := New("risk.allow_numbers[2]", "%q is not a number", "x").Error(); got != `risk.allow_numbers[2]: "x" is not a number` {
		t.Errorf("New made %q", got)
	}
}
