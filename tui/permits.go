package tui

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	"github.com/dutydesk/dutydesk/desk"
)

// The desk decides who may do what, and refuses the rest. The console asks
// the same questions first, so that an officer is neither shown keys they
// cannot use nor left to fill in a form the desk will refuse on Enter.

var (
	errSupervisorsAssign  = errors.New("only a supervisor can assign questions")
	errSupervisorsDismiss = errors.New("only a supervisor can dismiss questions")
	errSupervisorsApprove = errors.New("only a supervisor can approve drafts")
	errSupervisorsDuty    = errors.New("only a supervisor can put the team on or off duty")
	errSupervisorsTake    = errors.New("only a supervisor can take over someone else's reply")
	errCloseAssigned      = errors.New("only a supervisor or the assigned officer can close this question")
	errOwnDraft           = errors.New("only the author or a supervisor can do that to this draft")
	errOwnShift           = errors.New("only a supervisor can change someone else's shift")
)

func (c *common) supervisor() bool { return c.me.Role == desk.RoleSupervisor }

// mayClose says whether c's person may close q.
func (c *common) mayClose(q desk.Question) error {
	if c.supervisor() || q.Assignee == c.me.ID {
		return nil
	}
	return errCloseAssigned
}

// mayHandle says whether c's person may send, edit or reject d.
func (c *common) mayHandle(d desk.Draft) error {
	if c.supervisor() || d.Author == c.me.ID {
		return nil
	}
	return errOwnDraft
}

// helpKeys is the key map as the help shows it to c's person: the keys of
// supervisors' commands are left out for everyone else. The keys still
// answer, with the reason they do nothing.
func helpKeys(k KeyMap, role desk.Role) KeyMap {
	if role == desk.RoleSupervisor {
		return k
	}
	for _, b := range []*key.Binding{&k.Assign, &k.Dismiss, &k.Approve, &k.Duty, &k.TakeOver, &k.ResolveAppeal} {
		b.SetEnabled(false)
	}
	return k
}
