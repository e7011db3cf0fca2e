//go:build unix

package risk

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, so a benchmark on a busy
// shared machine can report messages per CPU-second of one core as well as
// per wall-clock second.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
