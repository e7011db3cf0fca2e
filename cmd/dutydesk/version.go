package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// runVersion prints the version line: `dutydesk --version`.
func runVersion(_ []string, _ io.Reader, stdout, _ io.Writer) int {
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(info))
	return 0
}

// versionLine says which dutydesk this is: the module version ("(devel)"
// for a build from a checkout), the VCS revision it was built from (marked
// "+changes" when the tree had uncommitted changes) and its time, and the Go
// version.
func versionLine(info *debug.BuildInfo) string {
	if info == nil {
		return "dutydesk (no build information)"
	}
	line := "dutydesk " + info.Main.Version
	if info.Main.Version == "" {
		line = "dutydesk (devel)"
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+changes"
			}
		}
	}
	if rev != "" {
		line += fmt.Sprintf(" revision %.12s%s", rev, modified)
		if at != "" {
			line += " of " + at
		}
	}
	return line + " · " + info.GoVersion
}
