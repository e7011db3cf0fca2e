package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMENamesEveryRoom keeps "How it is built" in the README whole: every
// directory holding Go code is named there, so a newcomer finds each room in
// one hop, and the files it links to exist.
func TestREADMENamesEveryRoom(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "## How it is built")
	section, _, _ = strings.Cut(section, "\n## ")
	if !ok {
		t.Fatal("the README has no \"How it is built\" section")
	}
	rooms := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") && rel != "." || e.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !e.IsDir() && strings.HasSuffix(path, ".go") {
			rooms[filepath.ToSlash(filepath.Dir(rel))] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for room := range rooms {
		// nested rooms are listed under their parent by their last part
		name := room[strings.LastIndex(room, "/")+1:] + "/"
		if !strings.Contains(section, room+"/") && !strings.Contains(section, "  "+name) && !strings.Contains(section, " "+room[strings.Index(room, "/")+1:]+"/") {
			t.Errorf("the README's \"How it is built\" does not name %s/", room)
		}
	}
	for _, link := range []string{"desk/event.go", "desk/question.go", "desk/draft.go"} {
		if !strings.Contains(section, "("+link+")") {
			t.Errorf("the section does not link %s", link)
		} else if _, err := os.Stat(filepath.Join(root, link)); err != nil {
			t.Errorf("it links %s: %v", link, err)
		}
	}
}
