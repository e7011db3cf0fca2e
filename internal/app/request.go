package app

import (
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// The shell commands' work (WriteReport, ChangeDuty, Export, Check) takes a
// request as typed and says which of its refusals are the user's to fix.

// UsageError is a request that cannot be met as typed: the command's
// usage error (exit status 2), not a failure of the desk.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error { return UsageError{fmt.Errorf(format, args...)} }

// ParseMoment reads the moment given as --flag as people type it, in local
// time; one it cannot read is a UsageError naming the flag.
func ParseMoment(flag, value string, now time.Time) (desk.Moment, error) {
	m, err := desk.ParseMoment(value, now, time.Local)
	if err != nil {
		return desk.Moment{}, usagef("--%s: %w", flag, err)
	}
	return m, nil
}
