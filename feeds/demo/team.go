package demo

// Person is someone on the demo team.
type Person struct {
	ID      string // login name, e.g. "morris"
	Name    string // display, e.g. "Sgt Morris"
	Role    string // "supervisor" or "officer" (PCSOs are officers)
	OnShift bool
}

// Roles a Person may have.
const (
	RoleSupervisor = "supervisor"
	RoleOfficer    = "officer"
)

// TeamAccount is the handle the demo team posts from.
const TeamAccount = "@team3@police.example"

// Team returns the demo team's name and roster: 2 sergeants (supervisors),
// 11 officers, 2 PCSOs. Each call returns a fresh slice the caller may keep.
func Team() (name string, people []Person) {
	return "Team 3 · Carlisle North", []Person{
		{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor, OnShift: true},
		{ID: "ellis", Name: "Sgt Ellis", Role: RoleSupervisor, OnShift: true},
		{ID: "khan", Name: "PC Khan", Role: RoleOfficer, OnShift: true},
		{ID: "patel", Name: "PC Patel", Role: RoleOfficer, OnShift: true},
		{ID: "robson", Name: "PC Robson", Role: RoleOfficer, OnShift: true},
		{ID: "graham", Name: "PC Graham", Role: RoleOfficer, OnShift: true},
		{ID: "armstrong", Name: "PC Armstrong", Role: RoleOfficer, OnShift: true},
		{ID: "nixon", Name: "PC Nixon", Role: RoleOfficer, OnShift: true},
		{ID: "bell", Name: "PC Bell", Role: RoleOfficer},
		{ID: "irving", Name: "PC Irving", Role: RoleOfficer},
		{ID: "routledge", Name: "PC Routledge", Role: RoleOfficer},
		{ID: "carr", Name: "PC Carr", Role: RoleOfficer},
		{ID: "hetherington", Name: "PC Hetherington", Role: RoleOfficer},
		{ID: "dobson", Name: "PCSO Dobson", Role: RoleOfficer, OnShift: true},
		{ID: "hodgson", Name: "PCSO Hodgson", Role: RoleOfficer},
	}
}

// displayName returns the Name of the person with this ID, or id itself.
func displayName(id string) string {
	_, people := Team()
	for _, p := range people {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}
