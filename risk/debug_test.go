package risk

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugUrgency(t *testing.T) {
	text := os.Getenv("URG")
	if text == "" {
		t.Skip()
	}
	toks := urgencyTokens(text, nil)
	for _, tk := range toks {
		fmt.Printf("%q→%q ", text[tk.start:tk.end], tk.stem)
	}
	fmt.Println()
	a := analyse(text, toks, nil, nil)
	for _, h := range a.hits {
		fmt.Printf("hit %d %s strong=%v %q\n", h.c.kind, h.c.family, h.c.strong, text[h.start:h.end])
	}
	f := a.best()
	fmt.Println("best", f, "score", a.ruleScore(f), "lower", a.lowering(), "level", a.ruleLevel())
}
