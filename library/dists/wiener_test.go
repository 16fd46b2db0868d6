package dists

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestWienerSeriesAgree: the small-time and the large-time series of h
// give the same log h and scaled ratios S_1..S_4 on both sides of the switch at
// u = 0.3, where the kernel takes one or the other (the generic walk draws
// u in (0.5, 3), the large-time side only).
func TestWienerSeriesAgree(t *testing.T) {
	for _, u := range []float64{0.1, 0.2, 0.29, 0.3, 0.31, 0.5} {
		for _, beta := range []float64{0.01, 0.3, 0.5, 0.7, 0.9} {
			w := 1 - beta
			small := -0.5*math.Log(2*math.Pi) - 1.5*math.Log(u) - w*w/(2*u) + math.Log(wienerSmall(u, beta, 0))
			large := math.Log(math.Pi) - math.Pi*math.Pi*u/2 + math.Log(wienerLarge(u, beta, 0))
			if math.Abs(small-large) > 1e-13*math.Max(1, math.Abs(large)) {
				t.Errorf("u %g, β %g: log h %.17g by the small-time series, %.17g by the large-time one", u, beta, small, large)
			}
			for n := 1; n <= 4; n++ {
				rs, rl := wienerSmall(u, beta, n), wienerLarge(u, beta, n)/wienerLarge(u, beta, 0)
				if math.Abs(rs-rl) > 1e-12*math.Max(1, math.Abs(rl)) {
					t.Errorf("u %g, β %g: S_%d %.17g by the small-time series, %.17g by the large-time one", u, beta, n, rs, rl)
				}
			}
		}
	}
}

// TestWienerRatioIdentities checks what the partials are built from, by
// central differences of the kernels' values, at small u (the small-time
// series, which the generic walk does not draw) and large: ∂ log h/∂u =
// ½π² S_2 (the heat equation), ∂ log h/∂β = π S_1, ∂S_n/∂β = π (S_{n+1}
// - S_n S_1) and ∂S_n/∂u = ½π² (S_{n+2} - S_n S_2).
func TestWienerRatioIdentities(t *testing.T) {
	r := func(u, beta float64, n int) float64 { return wienerRatioValue(u, beta, float64(n), 0, 0) }
	logh := func(u, beta float64) float64 { return wienerLogFPT(u, beta, 0, 0, 0) }
	diff := func(f func(float64) float64, x float64) float64 {
		h := 1e-4 * x
		d := func(h float64) float64 { return (f(x+h) - f(x-h)) / (2 * h) }
		return (4*d(h/2) - d(h)) / 3
	}
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %.12g, finite difference %.12g", what, got, want)
		}
	}
	for _, u := range []float64{0.02, 0.08, 0.2, 0.6, 1.5} {
		for _, beta := range []float64{0.15, 0.4, 0.75} {
			check("∂ log h/∂u", 0.5*math.Pi*math.Pi*r(u, beta, 2), diff(func(x float64) float64 { return logh(x, beta) }, u))
			check("∂ log h/∂β", math.Pi*r(u, beta, 1), diff(func(x float64) float64 { return logh(u, x) }, beta))
			for n := 1; n <= 3; n++ {
				rn := r(u, beta, n)
				check("∂S_n/∂β", math.Pi*(r(u, beta, n+1)-rn*r(u, beta, 1)), diff(func(x float64) float64 { return r(u, x, n) }, beta))
				check("∂S_n/∂u", 0.5*math.Pi*math.Pi*(r(u, beta, n+2)-rn*r(u, beta, 2)), diff(func(x float64) float64 { return r(x, beta, n) }, u))
			}
		}
	}
}

// TestWienerSpecialCases: the edges the kernels' doc lists.
func TestWienerSpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		u, beta, want float64
	}{
		{0, 0.5, -inf}, {-1, 0.5, -inf}, {1, 0, -inf}, {1, 1, -inf}, {0.1, 0, -inf}, {inf, 0.5, -inf},
		{nan, 0.5, nan}, {1, nan, nan}, {1, -0.1, nan}, {1, 1.1, nan},
	} {
		if got := wienerLogFPT(c.u, c.beta, 0, 0, 0); !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("log h(%g, %g) = %g, want %g", c.u, c.beta, got, c.want)
		}
	}
	for _, n := range []float64{-1, 1.5, 21, nan, inf} {
		if got := wienerRatioValue(1, 0.5, n, 0, 0); !math.IsNaN(got) {
			t.Errorf("S_n at n = %g: %g, want NaN", n, got)
		}
	}
	// at u -> ∞ only the first large-time term is left: S_1 = cot(πβ)
	if got, want := wienerRatioValue(math.Inf(1), 0.3, 1, 0, 0), 1/math.Tan(0.3*math.Pi); math.Abs(got-want) > 1e-14*want {
		t.Errorf("S_1(∞, 0.3) = %.17g, want cot(0.3π) = %.17g", got, want)
	}
}

// TestWienerCMatchesGo evaluates the kernels' C bodies on both sides of
// the switch at u = 0.3 (the generic C check draws u in (0.5, 3), the
// large-time side only), from u = 0.001 to 5, β near either boundary, and
// the ratios' orders the partials take, against Go to 1e-12.
func TestWienerCMatchesGo(t *testing.T) {
	type cCase struct {
		call string
		want float64
	}
	var cases []cCase
	lit := func(x float64) string { return strconv.FormatFloat(x, 'x', -1, 64) }
	for _, u := range []float64{0.001, 0.02, 0.1, 0.29, 0.31, 1, 5} {
		for _, beta := range []float64{0.01, 0.3, 0.7, 0.99} {
			cases = append(cases, cCase{fmt.Sprintf("bayes_wiener_log_fpt(%s, %s)", lit(u), lit(beta)), wienerLogFPT(u, beta, 0, 0, 0)})
			for n := 1.0; n <= 4; n++ {
				cases = append(cases, cCase{fmt.Sprintf("bayes_wiener_fpt_ratio(%s, %s, %s)", lit(u), lit(beta), lit(n)), wienerRatioValue(u, beta, n, 0, 0)})
			}
		}
	}
	calls := make([]string, len(cases))
	for i, c := range cases {
		calls[i] = c.call
	}
	got := librarytest.CValues(t, "", calls)
	for i, c := range cases {
		if math.Abs(got[i]-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %.17g in C, %.17g in Go", c.call, got[i], c.want)
		}
	}
}
