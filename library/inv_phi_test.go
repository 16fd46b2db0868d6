package library

import (
	"math"
	"testing"
)

// TestInvPhi checks Φ⁻¹ against the root of Φ(x) = p found another way:
// -√2 erfcinv(2p) (Go's math.Erfcinv, which is erfinv(1-2p) and so loses
// digits in the tails), polished by three Newton steps on
// erfc(-x/√2)/2 - p, which keeps its relative accuracy in the lower
// tail; in the centre and both tails, down to p = 1e-300, where AS 241's
// third branch runs.
func TestInvPhi(t *testing.T) {
	for _, p := range []float64{1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.07, 0.2, 0.5, 0.6, 0.9, 0.95, 0.999, 1 - 1e-10} {
		got, want := InvPhi(p), newtonQuantile(p)
		if math.Abs(got-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("InvPhi(%g) = %.17g, -√2 erfcinv(2p) %.17g", p, got, want)
		}
	}
	for _, c := range []struct{ p, want float64 }{{0, math.Inf(-1)}, {1, math.Inf(1)}} {
		if got := InvPhi(c.p); got != c.want {
			t.Errorf("InvPhi(%g) = %g, want %g", c.p, got, c.want)
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if got := InvPhi(p); !math.IsNaN(got) {
			t.Errorf("InvPhi(%g) = %g, want NaN", p, got)
		}
	}
}

// newtonQuantile is Φ⁻¹(p) by Newton's method from -√2 erfcinv(2p), in
// the lower tail (the upper one by symmetry, 1-p being exact there).
func newtonQuantile(p float64) float64 {
	if p > 0.5 {
		return -newtonQuantile(1 - p)
	}
	x := -math.Sqrt2 * math.Erfcinv(2*p)
	for range 3 {
		x -= (0.5*math.Erfc(-x/math.Sqrt2) - p) / (math.Exp(-x*x/2) / math.Sqrt(2*math.Pi))
	}
	return x
}
