package library

import (
	"math"
	"testing"
)

// TestLambertW checks W₀ and W₋₁ against the root of w e^w = x found by
// bisection to adjacent doubles (w e^w increases on [-1, ∞) and decreases
// on (-∞, -1]), over both branches, near the branch point and far out.
func TestLambertW(t *testing.T) {
	bisect := func(x, lo, hi float64, up bool) float64 {
		for range 2000 {
			mid := lo + (hi-lo)/2
			if mid == lo || mid == hi {
				break
			}
			if (mid*math.Exp(mid) < x) == up {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo + (hi-lo)/2
	}
	for _, x := range []float64{-0.3678, -0.36, -0.3, -0.1, -1e-5, 1e-10, 0.5, 1, 2.5, 10, 1e3, 1e10} {
		want := bisect(x, -1, math.Max(1, math.Log(x+1)+1), true)
		if got := LambertW0(x); math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) && math.Abs(got-want) > 1e-14 {
			t.Errorf("W0(%g) = %.17g, bisection %.17g", x, got, want)
		}
	}
	for _, x := range []float64{-0.3678, -0.36, -0.3, -0.1, -1e-3, -1e-10, -1e-100} {
		want := bisect(x, -1000, -1, false)
		if got := LambertWm1(x); math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("Wm1(%g) = %.17g, bisection %.17g", x, got, want)
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"W0(-1/e)", LambertW0(-invE), -1}, {"Wm1(-1/e)", LambertWm1(-invE), -1}, {"W0(0)", LambertW0(0), 0},
		{"Wm1(0)", LambertWm1(0), math.Inf(-1)}, {"W0(Inf)", LambertW0(math.Inf(1)), math.Inf(1)}, {"W0(e)", LambertW0(math.E), 1}} {
		if c.got != c.want && math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %.17g, want %g", c.name, c.got, c.want)
		}
	}
	for _, v := range []float64{LambertW0(-0.5), LambertWm1(0.1), LambertW0(math.NaN())} {
		if !math.IsNaN(v) {
			t.Errorf("%g, want NaN", v)
		}
	}
}
