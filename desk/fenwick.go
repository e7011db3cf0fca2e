package desk

// fenwick is a growable Fenwick (binary indexed) tree of counts: add and
// prefix sums in O(log n), so counting breaches among 100 000 questions
// costs a few dozen steps, not a scan.
type fenwick struct {
	tree []int32 // 1-based; tree[0] unused
	vals []int32 // the plain values, to rebuild on growth
}

// add changes the value at index i (0-based) by delta, growing as needed.
func (f *fenwick) add(i int, delta int32) {
	if i >= len(f.vals) {
		f.grow(i + 1)
	}
	f.vals[i] += delta
	for j := i + 1; j < len(f.tree); j += j & -j {
		f.tree[j] += delta
	}
}

// sum is the total of values at indexes [0, n).
func (f *fenwick) sum(n int) int {
	if n > len(f.vals) {
		n = len(f.vals)
	}
	s := int32(0)
	for j := n; j > 0; j -= j & -j {
		s += f.tree[j]
	}
	return int(s)
}

// grow doubles the capacity and rebuilds the tree in O(n), so that growth
// costs O(1) amortised per question.
func (f *fenwick) grow(min int) {
	n := max(2*len(f.vals), min, 1024)
	vals := make([]int32, n)
	copy(vals, f.vals)
	tree := make([]int32, n+1)
	for i := 1; i <= n; i++ {
		tree[i] += vals[i-1]
		if p := i + (i & -i); p <= n {
			tree[p] += tree[i]
		}
	}
	f.vals, f.tree = vals, tree
}
