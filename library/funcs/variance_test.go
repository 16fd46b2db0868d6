package funcs

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestMeanVariance checks Mean and Variance against values worked out by
// hand: x = (1, 2, 4) has mean 7/3 and sample variance
// ((4/3)² + (1/3)² + (5/3)²) / 2 = 7/3 (R 4.3: var(c(1, 2, 4)) prints
// 2.333333); adding 1e8 to every value moves the mean and not the variance.
func TestMeanVariance(t *testing.T) {
	for _, c := range []struct {
		name           string
		x              []float64
		mean, variance float64
		tol            float64 // relative
	}{
		{"1 2 4", []float64{1, 2, 4}, 7.0 / 3, 7.0 / 3, 1e-15},
		{"offset 1e8", []float64{1e8 + 1, 1e8 + 2, 1e8 + 4}, 1e8 + 7.0/3, 7.0 / 3, 1e-8},
		{"constant", []float64{5, 5, 5, 5}, 5, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if m := Mean(c.x); !librarytest.CloseTo(m, c.mean, c.tol) {
				t.Errorf("Mean = %.17g, want %.17g", m, c.mean)
			}
			if v := Variance(c.x); !librarytest.CloseTo(v, c.variance, c.tol) {
				t.Errorf("Variance = %.17g, want %.17g", v, c.variance)
			}
		})
	}
	if v := Variance([]float64{3}); !math.IsNaN(v) {
		t.Errorf("Variance of one value = %g, want NaN", v)
	}
}
