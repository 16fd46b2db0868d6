package funcs

import (
	"slices"
	"testing"
)

// TestLinspacedInts: the examples of Eigen's documentation of LinSpaced
// for integers (Eigen 3.4, DenseBase::LinSpaced, "Even spacing inputs"
// and "Uneven spacing inputs"), which Stan's linspaced_int_array calls.
func TestLinspacedInts(t *testing.T) {
	for _, c := range []struct {
		n, lo, hi int
		want      []float64
	}{
		{8, 1, 4, []float64{1, 1, 2, 2, 3, 3, 4, 4}},
		{8, 1, 8, []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		{8, 1, 15, []float64{1, 3, 5, 7, 9, 11, 13, 15}},
		{8, 1, 7, []float64{1, 1, 2, 2, 3, 3, 4, 4}},
		{8, 1, 9, []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		{8, 1, 16, []float64{1, 3, 5, 7, 9, 11, 13, 15}},
		{1, 3, 7, []float64{7}},
		{0, 3, 7, []float64{}},
	} {
		if got := linspacedInts(c.n, c.lo, c.hi); !slices.Equal(got, c.want) {
			t.Errorf("linspaced_int_array(%d, %d, %d) = %v, want %v", c.n, c.lo, c.hi, got, c.want)
		}
	}
}
