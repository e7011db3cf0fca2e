package desk

// Role is what a person may do on the desk.
type Role string

const (
	// RoleSupervisor assigns, dismisses, approves flagged drafts and changes team duty.
	RoleSupervisor Role = "supervisor"
	// RoleOfficer writes drafts and answers what is assigned to them.
	RoleOfficer Role = "officer"
)

// Person is someone on the team.
type Person struct {
	ID      string // login name, unique
	Name    string // "Sgt Morris"
	Role    Role
	OnShift bool
	// Account is the person's own posting account, if they answer as
	// themselves; "" posts from the team account.
	Account string
}
