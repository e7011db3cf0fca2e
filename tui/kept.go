package tui

// kept is a list of items, the ones a filter keeps, and the cursor that
// moves over those: the rows of the Team feed, Drafts and Duty panes, and
// the choices of a picker.
type kept[T any] struct {
	items []T
	rows  []int // the indexes of the items kept, in order
	list  list
}

// keep keeps the items match says to keep.
func (k *kept[T]) keep(match func(T) bool) {
	k.rows = k.rows[:0]
	for i, it := range k.items {
		if match(it) {
			k.rows = append(k.rows, i)
		}
	}
	k.list.setLen(len(k.rows))
}

// selected is the kept item under the cursor; false when none is kept.
func (k *kept[T]) selected() (T, bool) {
	if len(k.rows) == 0 {
		var none T
		return none, false
	}
	return k.items[k.rows[k.list.cursor]], true
}

// at is the kept item on row i of the list.
func (k *kept[T]) at(i int) T { return k.items[k.rows[i]] }
