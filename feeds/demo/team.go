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
	roleSupervisor = "supervisor"
	roleOfficer    = "officer"
)

// teamAccount is the handle the demo team posts from.
const teamAccount = "@team3@police.example"

// Team returns the demo team's name and roster: 2 sergeants (supervisors),
// 11 officers, 2 PCSOs. Each call returns a fresh slice the caller may keep.
func Team() (name string, people []Person) {
	return "Team 3 · Carlisle North", []Person{
		{ID: "morris", Name: "Sgt Morris", Role: roleSupervisor, OnShift: true},
		{ID: "ellis", Name: "Sgt Ellis", Role: roleSupervisor, OnShift: true},
		{ID: "khan", Name: "PC Khan", Role: roleOfficer, OnShift: true},
		{ID: "patel", Name: "PC Patel", Role: roleOfficer, OnShift: true},
		{ID: "robson", Name: "PC Robson", Role: roleOfficer, OnShift: true},
		{ID: "graham", Name: "PC Graham", Role: roleOfficer, OnShift: true},
		{ID: "armstrong", Name: "PC Armstrong", Role: roleOfficer, OnShift: true},
		{ID: "nixon", Name: "PC Nixon", Role: roleOfficer, OnShift: true},
		{ID: "bell", Name: "PC Bell", Role: roleOfficer},
		{ID: "irving", Name: "PC Irving", Role: roleOfficer},
		{ID: "routledge", Name: "PC Routledge", Role: roleOfficer},
		{ID: "carr", Name: "PC Carr", Role: roleOfficer},
		{ID: "hetherington", Name: "PC Hetherington", Role: roleOfficer},
		{ID: "dobson", Name: "PCSO Dobson", Role: roleOfficer, OnShift: true},
		{ID: "hodgson", Name: "PCSO Hodgson", Role: roleOfficer},
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
