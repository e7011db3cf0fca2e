package desk

import (
	"math/rand"
	"testing"
)

func TestFenwickMatchesPlainSums(t *testing.T) {
	var f fenwick
	plain := make([]int, 5000)
	rnd := rand.New(rand.NewSource(1))
	for step := 0; step < 20000; step++ {
		i := rnd.Intn(len(plain))
		d := rnd.Intn(3) - 1
		plain[i] += d
		f.add(i, int32(d))
		if step%97 == 0 {
			n := rnd.Intn(len(plain) + 10)
			want := 0
			for _, v := range plain[:min(n, len(plain))] {
				want += v
			}
			if got := f.sum(n); got != want {
				t.Fatalf("step %d: sum(%d) = %d, want %d", step, n, got, want)
			}
		}
	}
}
