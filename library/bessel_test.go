package library

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// TestBessel checks J_n against Go's math.Jn (another algorithm: Cephes'
// recurrences from J_0 and J_1), and I_v, of integer and real orders,
// against its integral (DLMF 10.32.4)
//
//	I_v(z) = 1/π ∫_0^π e^{z cos θ} cos(vθ) dθ - sin(vπ)/π ∫_0^∞ e^{-z cosh t - vt} dt,
//
// each by 2000-point Gauss–Legendre (gonum quad), the second on [0, 20],
// scaled by e^-z to stay finite.
func TestBessel(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 12, -3} {
		for _, z := range []float64{-7.5, -0.3, 0, 0.01, 1, 2.5, 4.9, 10, 33, 120} {
			if got, want := BesselJ(float64(n), z), math.Jn(n, z); math.Abs(got-want) > 1e-13 {
				t.Errorf("J_%d(%g) = %.17g, math.Jn %.17g", n, z, got, want)
			}
		}
	}
	logI := func(v, z float64) float64 {
		a := quad.Fixed(func(th float64) float64 { return math.Exp(z*(math.Cos(th)-1)) * math.Cos(v*th) }, 0, math.Pi, 2000, quad.Legendre{}, 0) / math.Pi
		b := quad.Fixed(func(u float64) float64 { return math.Exp(-z*(math.Cosh(u)+1) - v*u) }, 0, 20, 2000, quad.Legendre{}, 0)
		return z + math.Log(a-math.Sin(v*math.Pi)/math.Pi*b)
	}
	for _, v := range []float64{0, 0.5, 1, 2.3, 7, 15} {
		for _, z := range []float64{0.05, 1, 3.7, 12, 29, 31, 80, 400} {
			if v > z+2 {
				continue // the integral cancels to a few digits: the terms below
			}
			if got, want := LogBesselI(v, z), logI(v, z); math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("log I_%g(%g) = %.17g, the integral %.17g", v, z, got, want)
			}
		}
	}
	// small z, large v: the series' first four terms (the fifth is below
	// 1e-17 of the first)
	for _, c := range []struct{ v, z float64 }{{7, 0.05}, {15, 0.05}, {30, 0.2}} {
		q := c.z * c.z / 4
		s := 1 + q/(c.v+1)*(1+q/(2*(c.v+2))*(1+q/(3*(c.v+3))))
		if got, want := LogBesselI(c.v, c.z), c.v*math.Log(c.z/2)-Lgamma(c.v+1)+math.Log(s); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("log I_%g(%g) = %.17g, four terms %.17g", c.v, c.z, got, want)
		}
	}
	for _, c := range []struct{ n, z float64 }{{0, 1.5}, {3, -2}, {-3, 2}, {4, -2}} {
		want := math.Exp(logI(math.Abs(c.n), math.Abs(c.z)))
		if c.z < 0 && math.Mod(c.n, 2) != 0 {
			want = -want
		}
		if got := BesselI(c.n, c.z); math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("I_%g(%g) = %.17g, the integral %.17g", c.n, c.z, got, want)
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"log I_0(0)", LogBesselI(0, 0), 0}, {"log I_2(0)", LogBesselI(2, 0), math.Inf(-1)}, {"J_0(0)", BesselJ(0, 0), 1},
		{"J_3(0)", BesselJ(3, 0), 0}, {"J_1(Inf)", BesselJ(1, math.Inf(1)), 0}} {
		if c.got != c.want {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
	for _, v := range []float64{LogBesselI(-1, 1), LogBesselI(1, -1), BesselJ(1, math.NaN())} {
		if !math.IsNaN(v) {
			t.Errorf("%g, want NaN", v)
		}
	}
}

// TestBesselJLargeArgument: where |z| >= max(30, n²) J_n(z) is Hankel's
// expansion; it agrees with Go's math.Jn (a different algorithm) at and
// far past the switch, on both signs of n and z, and returns at once
// for a huge z (the trapezoidal rule would need 2|z| points).
func TestBesselJLargeArgument(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 5, -3} {
		for _, z := range []float64{30, 30.5, 47, 100, 1234.5, 1e6, -77.25, 1e300} {
			want := math.Jn(n, z)
			// to 1e-13 of the envelope √(2/(π|z|))
			if got := BesselJ(float64(n), z); math.Abs(got-want) > 1e-13*math.Sqrt(2/(math.Pi*math.Abs(z))) {
				t.Errorf("J_%d(%g) = %.17g, math.Jn %.17g", n, z, got, want)
			}
		}
	}
	// just below the switch the trapezoidal rule and the expansion agree
	for _, n := range []float64{0, 1, 4} {
		z := math.Max(30, n*n)
		if a, b := besselJAsymptotic(n, z), BesselJ(n, math.Nextafter(z, 0)); math.Abs(a-b) > 1e-14 {
			t.Errorf("J_%g at %g: expansion %.17g, trapezoidal rule %.17g", n, z, a, b)
		}
	}
	if v := BesselJ(2e5, 3e5); !math.IsNaN(v) {
		t.Errorf("J_200000(300000) = %v, want NaN (beyond what bayes evaluates)", v)
	}
}
