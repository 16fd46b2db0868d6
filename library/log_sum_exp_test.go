package library

import (
	"math"
	"testing"
)

// TestLseShift: the shift is x_0 where x_0 is finite and nothing lies more
// than LseShiftSpan above it, else the max, skipping NaN, or 0 where the
// max is ±Inf or there are no elements.
func TestLseShift(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"x_0 the max", []float64{3, 1, 2}, 3},
		{"within the span", []float64{-1, 2, 62.5}, -1},
		{"exactly the span above", []float64{0.5, 64.5}, 0.5},
		{"over the span", []float64{0.5, 64.75, 3}, 64.75},
		{"NaN elsewhere skipped", []float64{1, nan, 2}, 1},
		{"NaN skipped by the max", []float64{-100, nan, 2}, 2},
		{"x_0 NaN", []float64{nan, 1, 2}, 2},
		{"x_0 -Inf", []float64{-inf, 1, 2}, 2},
		{"+Inf present", []float64{1, inf}, 0},
		{"only -Inf", []float64{-inf, -inf}, 0},
		{"none", nil, 0},
	} {
		if got := LseShift(c.x); got != c.want {
			t.Errorf("%s: LseShift(%v) = %g, want %g", c.name, c.x, got, c.want)
		}
	}
}
