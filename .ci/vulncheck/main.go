// Command vulncheck reads govulncheck's JSON output (-format json) on
// standard input and decides: a vulnerability that our code calls in a
// module we require fails the check; one in the standard library is
// reported with the Go release that fixes it and fails only when
// VULNCHECK_STDLIB=fail, since the fix is a toolchain upgrade for the whole
// project; ones we import or require without calling are counted.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
}

type message struct {
	OSV *struct {
		ID      string `json:"id"`
		Summary string `json:"summary"`
	} `json:"osv"`
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

type vuln struct {
	id, module, found, fixed, summary, where string
}

func main() {
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	summaries := map[string]string{}
	called := map[string]vuln{}
	notCalled := map[string]bool{}
	for {
		var m message
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "vulncheck: reading govulncheck output:", err)
			os.Exit(2)
		}
		if m.OSV != nil {
			summaries[m.OSV.ID] = m.OSV.Summary
		}
		f := m.Finding
		if f == nil || len(f.Trace) == 0 {
			continue
		}
		top := f.Trace[0]
		if top.Function == "" {
			notCalled[f.OSV] = true
			continue
		}
		v := vuln{id: f.OSV, module: top.Module, found: top.Version, fixed: f.FixedVersion}
		last := f.Trace[len(f.Trace)-1]
		v.where = strings.TrimPrefix(last.Package+"."+last.Function, "github.com/dutydesk/dutydesk/")
		called[f.OSV] = v
	}
	var ours, std []vuln
	for id, v := range called {
		delete(notCalled, id)
		v.summary = summaries[id]
		if v.module == "stdlib" {
			std = append(std, v)
		} else {
			ours = append(ours, v)
		}
	}
	byID := func(vs []vuln) { sort.Slice(vs, func(i, j int) bool { return vs[i].id < vs[j].id }) }
	byID(ours)
	byID(std)
	for _, v := range ours {
		fmt.Printf("FAIL %s in %s@%s (fixed in %s), called from %s: %s\n", v.id, v.module, v.found, v.fixed, v.where, v.summary)
	}
	for _, v := range std {
		fmt.Printf("WARN %s in the standard library of go%s (fixed in go%s), called from %s: %s\n", v.id, strings.TrimPrefix(v.found, "v"), strings.TrimPrefix(v.fixed, "v"), v.where, v.summary)
	}
	fmt.Printf("govulncheck: %d called in required modules, %d called in the standard library, %d more imported or required but not called\n", len(ours), len(std), len(notCalled))
	if len(ours) > 0 {
		fmt.Println("upgrade the modules above (go get MODULE@FIXED; go mod tidy)")
		os.Exit(1)
	}
	if len(std) > 0 {
		fmt.Println("the standard library ones need a newer Go toolchain for the whole project (see RELIABILITY.md)")
		if os.Getenv("VULNCHECK_STDLIB") == "fail" {
			os.Exit(1)
		}
	}
}
