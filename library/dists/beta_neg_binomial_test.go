package dists

import (
	"math"
	"testing"
)

// TestBetaNegBinomialStan: the log pmf at the points of Stan Math's
// test/prob/beta_neg_binomial/beta_neg_binomial_test.hpp, to 1e-12.
func TestBetaNegBinomialStan(t *testing.T) {
	for _, c := range []struct{ n, r, a, b, want float64 }{
		{5, 20, 10, 25, -10.3681267949788},
		{10, 5.5, 2.5, 0.5, -5.166741878823932},
	} {
		if got := BetaNegBinomial.LogDensity(c.n, []float64{c.r, c.a, c.b}); math.Abs(got-c.want) > 1e-12*math.Abs(c.want) {
			t.Errorf("beta_neg_binomial_lpmf(%g | %g, %g, %g) = %.16g, Stan %.16g", c.n, c.r, c.a, c.b, got, c.want)
		}
	}
}
