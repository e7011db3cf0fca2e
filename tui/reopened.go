package tui

import (
	"fmt"
	"time"
)

// tellReopened tells this console's person when a question they answered
// reopens because its author wrote again: on the status line, with who
// wrote and what.
func (m *Model) tellReopened() {
	n, q := m.c.desk.Reopened(m.c.me.ID)
	if n <= m.reopened {
		return
	}
	m.reopened = n
	m.status = fmt.Sprintf("↺ %s wrote again on a question you answered: %q — back in Inbound as new", oneLine(q.Item.Author), oneLine(q.Item.Text))
	m.statusHealth = healthKey(m.c.desk.Health())
	m.statusSince = time.Now()
	m.isError = false
}
