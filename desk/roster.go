package desk

import "fmt"

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
	// Teams are the teams the person is on, team ID → role there; nil:
	// every team, with Role.
	Teams map[string]Role
}

// Equal reports whether two people are the same in every field.
func (p Person) Equal(o Person) bool {
	if p.ID != o.ID || p.Name != o.Name || p.Role != o.Role || p.OnShift != o.OnShift || p.Account != o.Account || len(p.Teams) != len(o.Teams) || (p.Teams == nil) != (o.Teams == nil) {
		return false
	}
	for t, r := range p.Teams {
		if or, ok := o.Teams[t]; !ok || or != r {
			return false
		}
	}
	return true
}

// RoleIn is the person's role on a team, and whether they are on it.
func (p Person) RoleIn(team string) (Role, bool) {
	if p.Teams == nil {
		return p.Role, true
	}
	r, ok := p.Teams[team]
	return r, ok
}

// SetRoster replaces the roster from a reloaded config: a person's name,
// role and account change at once (every command checks the role when it
// runs); new people join with their configured shift; a person already on
// the desk keeps the shift the events gave them. People left out stay known
// by name, for the history, but the caller no longer lets them log in. An
// invalid roster changes nothing.
func (d *Desk) SetRoster(people []Person) error {
	seen := map[string]bool{}
	for _, p := range people {
		if p.Role != RoleSupervisor && p.Role != RoleOfficer {
			return fmt.Errorf("person %q: role must be supervisor or officer, not %q", p.ID, p.Role)
		}
		if seen[p.ID] {
			return fmt.Errorf("person %q is listed twice", p.ID)
		}
		seen[p.ID] = true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range people {
		if cur, ok := d.people[p.ID]; ok {
			cur.Name, cur.Role, cur.Account = p.Name, p.Role, p.Account
			continue
		}
		p := p
		d.people[p.ID] = &p
		d.order = append(d.order, p.ID)
	}
	d.notify()
	return nil
}
