package dists

import (
	"math"
	"testing"
)

// TestBetaBinomialLogCDFUniform: beta_binomial(N, 1, 1) is uniform on
// 0..N (the beta(1, 1) prior is flat), so F(n) = (n+1)/(N+1) and
// 1 - F(n) = (N-n)/(N+1), to 1e-13.
func TestBetaBinomialLogCDFUniform(t *testing.T) {
	const trials = 12.0
	for n := -1.0; n <= trials; n++ {
		f := math.Max(0, (n+1)/(trials+1))
		if got, want := betaBinomialLcdf.At(n, trials, 1, 1), math.Log(f); !(got == want || math.Abs(got-want) <= 1e-13*math.Abs(want)) {
			t.Errorf("lcdf(%g | %g, 1, 1) = %.16g, log %g", n, trials, got, f)
		}
		if got, want := betaBinomialLccdf.At(n, trials, 1, 1), math.Log1p(-f); !(got == want || math.Abs(got-want) <= 1e-13*math.Max(1, math.Abs(want))) {
			t.Errorf("lccdf(%g | %g, 1, 1) = %.16g, log %g", n, trials, got, 1-f)
		}
	}
}
