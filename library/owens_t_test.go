package library

import (
	"math"
	"testing"
)

// TestOwensT checks Owen's T against mpmath (1.3.0, mp.dps = 40: the
// defining integral by mpmath.quad, rounded to 17 digits), at the points
// of Patefield and Tandy's (2000) test table and a few more (both branches
// of OwensT), and against Owen's closed forms.
func TestOwensT(t *testing.T) {
	tests := []struct {
		h, a, want float64
	}{
		{0.0625, 0.25, 0.038911930234701367},
		{6.5, 0.4375, 2.0005773048508315e-11},
		{7, 0.96875, 6.3990627193898685e-13},
		{4.78125, 0.0625, 1.0632974804687464e-07},
		{2, 0.5, 0.0086250779855215071},
		{0.5, 3, 0.15108404307601841},
		{1.5, 10, 0.033403600634429033},
		{3, 0.999, 0.00067402803357452873},
		{-2, 0.5, 0.0086250779855215071},  // even in h
		{2, -0.5, -0.0086250779855215071}, // odd in a
	}
	for _, tc := range tests {
		if got := OwensT(tc.h, tc.a); !(math.Abs(got-tc.want) <= 1e-14*math.Abs(tc.want)) {
			t.Errorf("T(%g, %g) = %.17g, mpmath %.17g", tc.h, tc.a, got, tc.want)
		}
	}
	// Owen (1956), eqs. 2.4 and 2.5: T(0, a) = atan(a)/(2π), T(h, 1) =
	// Φ(h)(1-Φ(h))/2, T(h, ∞) = (1-Φ(|h|))/2.
	for _, h := range []float64{0.3, 1, 2.5} {
		if got, want := OwensT(h, 1), Phi(h)*Phi(-h)/2; math.Abs(got-want) > 1e-15 {
			t.Errorf("T(%g, 1) = %.17g, want %.17g", h, got, want)
		}
		if got, want := OwensT(h, 1e12), Phi(-h)/2; math.Abs(got-want) > 1e-12 {
			t.Errorf("T(%g, 1e12) = %.17g, want %.17g", h, got, want)
		}
	}
	if got, want := OwensT(0, 2), math.Atan(2)/(2*math.Pi); got != want {
		t.Errorf("T(0, 2) = %v, want %v", got, want)
	}
	if OwensT(math.Inf(1), 2) != 0 || OwensT(1, 0) != 0 || !math.IsNaN(OwensT(math.NaN(), 1)) {
		t.Error("special cases")
	}
}

// TestLogPhi checks log Φ and φ/Φ against mpmath (1.3.0, mp.dps = 40:
// log(ncdf(x)) and npdf(x)/ncdf(x), rounded to 17 digits), on both sides
// of the switch to the asymptotic series at -20.
func TestLogPhi(t *testing.T) {
	tests := []struct{ x, logPhi, dlogPhi float64 }{
		{1.5, -0.069143455612233983, 0.13878975045885076},
		{-3, -6.6077262215103495, 3.2830986549304365},
		{-19.9, -201.9171677073326, 19.950000614302018},
		{-20.1, -205.92711840194825, 20.149507950077545},
		{-37.1, -692.73828071562329, 37.126915153499448},
		{-60, -1805.0135606805671, 60.016657420241125},
	}
	for _, tc := range tests {
		if got := LogPhi(tc.x); math.Abs(got-tc.logPhi) > 1e-14*math.Abs(tc.logPhi) {
			t.Errorf("LogPhi(%g) = %.17g, mpmath %.17g", tc.x, got, tc.logPhi)
		}
		if got := DlogPhi(tc.x); math.Abs(got-tc.dlogPhi) > 1e-13*math.Abs(tc.dlogPhi) {
			t.Errorf("DlogPhi(%g) = %.17g, mpmath %.17g", tc.x, got, tc.dlogPhi)
		}
	}
}
