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

// TestLogOwensTUpper checks log(T(h, ∞) - T(h, a)) against the difference
// Q(h)/2 - OwensT(h, a) where that does not cancel (a below 1, small h),
// and against the closed forms T(h, ∞) - T(h, 1) = Q(h)²/2 (Owen's
// T(h, 1) = Φ(h)Q(h)/2) far in the tail, where the difference is 0 in
// doubles; and at h = 1e-9, where the integrand's rational tail reaches
// out to 1/h, against (atan(1/a) - h√(π/2))/(2π), its expansion to first
// order in h (the Gaussian factor cuts ∫ dx/x² off near 1/h), with an
// error of order h².
func TestLogOwensTUpper(t *testing.T) {
	for _, c := range []struct{ h, a float64 }{{0.1, 0.3}, {0.5, 0.01}, {1, 0.7}, {0.25, 2}, {2, 0.2}} {
		want := math.Log(0.5*Phi(-c.h) - OwensT(c.h, c.a))
		if got := LogOwensTUpper(c.h, c.a); math.Abs(got-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("LogOwensTUpper(%g, %g) = %.17g, log(Q/2 - T) %.17g", c.h, c.a, got, want)
		}
	}
	for _, h := range []float64{3, 10, 40, 400} {
		want := 2*LogPhi(-h) - Ln2
		if got := LogOwensTUpper(h, 1); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("LogOwensTUpper(%g, 1) = %.17g, log(Q²/2) %.17g", h, got, want)
		}
	}
	for _, a := range []float64{0, 1e-3, 1, 1e3} {
		const h = 1e-9
		want := math.Log((math.Atan(1/a) - h*math.Sqrt(math.Pi/2)) / (2 * math.Pi))
		if got := LogOwensTUpper(h, a); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("LogOwensTUpper(1e-9, %g) = %.17g, its expansion %.17g", a, got, want)
		}
	}
	if got := LogOwensTUpper(1, math.Inf(1)); !math.IsInf(got, -1) {
		t.Errorf("LogOwensTUpper(1, Inf) = %v, want -Inf", got)
	}
	if got := LogOwensTUpper(math.NaN(), 1); !math.IsNaN(got) {
		t.Errorf("LogOwensTUpper(NaN, 1) = %v, want NaN", got)
	}
}
