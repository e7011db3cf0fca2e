package feeds

import "testing"

// The team's own mentions that open a question are dropped for reading;
// other people's mentions, and the team's mentioned later, are kept.
func TestWithoutOwnMentions(t *testing.T) {
	handles := []string{"@team3@police.example", "@beat7@police.example"}
	for _, c := range []struct{ in, want string }{
		{"@team3 Is the A595 closed?", "Is the A595 closed?"},
		{"@Team3@police.example is the A595 closed?", "is the A595 closed?"},
		{"@team3, is the A595 closed?", "is the A595 closed?"},
		{"@team3 @beat7 anyone about?", "anyone about?"},
		{"@team3 @amy saw it too", "@amy saw it too"},
		{"@amy @team3 saw it too", "@amy saw it too"},
		{"@team3@other.example is that you?", "@team3@other.example is that you?"},
		{"@team33 hello", "@team33 hello"},
		{"thanks @team3 for the help", "thanks @team3 for the help"},
		{"Is the A595 closed? @team3", "Is the A595 closed? @team3"},
		{"@team3", "@team3"},
		{"@team3\nline two", "line two"},
		{"", ""},
	} {
		if got := WithoutOwnMentions(c.in, handles); got != c.want {
			t.Errorf("WithoutOwnMentions(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := WithoutOwnMentions("@team3 hi", nil); got != "@team3 hi" {
		t.Errorf("with no handles known the text changed: %q", got)
	}
}
