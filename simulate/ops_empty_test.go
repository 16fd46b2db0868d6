package simulate

import (
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestMatMulEmpty: products with a size-0 side (a data matrix with no
// rows, no columns) are empty or all zeros, the empty sum, where gonum
// panics on an empty matrix.
func TestMatMulEmpty(t *testing.T) {
	cases := []struct {
		name string
		x, y *Value
		t    lang.Type
		want []float64
	}{
		{"no rows", realsValue(lang.Matrix, []int{0, 2}, []float64{}), realsValue(lang.Vector, []int{2}, []float64{1, 2}), lang.Vector, []float64{}},
		{"no columns", realsValue(lang.Matrix, []int{3, 0}, []float64{}), realsValue(lang.Vector, []int{0}, []float64{}), lang.Vector, []float64{0, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := matMul(c.x, c.y, c.t)
			if len(got.Reals) != len(c.want) || got.Shape[0] != len(c.want) {
				t.Fatalf("got %v shape %v, want %v", got.Reals, got.Shape, c.want)
			}
			for i := range c.want {
				if got.Reals[i] != c.want[i] {
					t.Errorf("got %v, want %v", got.Reals, c.want)
				}
			}
		})
	}
}
