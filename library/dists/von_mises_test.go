package dists

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// besselI0 is I_0(κ) = 1/π ∫_0^π exp(κ cos t) dt (DLMF 10.32.1) by the
// trapezoidal rule on 400 panels, exact to rounding for a periodic
// analytic integrand at the κ the tests take (Trefethen & Weideman 2014).
func besselI0(k float64) float64 {
	const n = 400
	s := 0.5 * (math.Exp(k) + math.Exp(-k))
	for i := 1; i < n; i++ {
		s += math.Exp(k * math.Cos(math.Pi*float64(i)/n))
	}
	return s / n
}

// TestVonMisesCDFStan: von_mises_cdf at the points of Stan Math's
// test/unit/math/prim/prob/von_mises_cdf_test.cpp (pointwise_cdf_test,
// values from scipy.stats.vonmises.cdf; boundary), to its 1e-12, over the
// series (κ = 0.01 ... 20), and the normal approximation (κ = 60).
func TestVonMisesCDFStan(t *testing.T) {
	const a, b = 3.141492653589793, 1.5707463267948962
	cases := []struct{ y, mu, k, want float64 }{
		{-a, 0, 0.01, 0.0000157567385742}, {-1.5707463267948965, 0, 0.01, 0.2484164302237636},
		{0, 0, 0.01, 0.5}, {b, 0, 0.01, 0.7515835697762363}, {a, 0, 0.01, 0.9999842432614258},
		{-a, 0, 0.1, 0.0000143649998288}, {-1.5707463267948965, 0, 0.1, 0.2341145110506426},
		{b, 0, 0.1, 0.7658854889493573}, {a, 0, 0.1, 0.9999856350001711},
		{-a, 0, 1, 0.0000046245485838}, {-1.5707463267948965, 0, 1, 0.1097601896880533},
		{b, 0, 1, 0.8902398103119467}, {a, 0, 1, 0.9999953754514163},
		{-a, 0, 10, 0.0000000000002562}, {-1.5707463267948965, 0, 10, 0.0000057188754260},
		{b, 0, 10, 0.9999942811245741}, {a, 0, 10, 0.9999999999997439},
		{-1.5707463267948965, 0, 20, 0.0000000001832846}, {b, 0, 20, 0.9999999998167153},
		{-0.16534171860998903, 0, 60, 0.1008738431730909}, {0.16534171860998947, 0, 60, 0.8991261568269097},
		// μ a turn away, and the boundary test's μ = 0.6
		{b, 6.283185307179586, 1, 0.8902398103119467}, {b, -6.283185307179586, 1, 0.8902398103119467},
		{-1.5707463267948965, 6.283185307179586, 10, 0.0000057188754260},
		{-math.Pi, 0.6, 1, 0}, {math.Pi, 0.6, 1, 1}, {math.Pi, 6.283185307179586, 1, 1},
	}
	for _, c := range cases {
		if got := vonMisesCDF(c.y, []float64{c.mu, c.k}); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("von_mises_cdf(%v | %v, %v) = %.16f, Stan %.16f", c.y, c.mu, c.k, got, c.want)
		}
	}
}

// TestVonMisesCDFIntegral: at locations on either side of 0 and a turn
// away, F(b) - F(a) is the density's integral over [a, b] (Simpson, 4000
// panels), across the point -π - μ (mod 2π) where F's two pieces meet:
// to 1e-9 over the series (κ < 49); from κ = 49, Stan's normal
// approximation, to 1e-5 (its error there is about 7e-6 at κ = 49.5 and
// shrinks as 1/κ).
func TestVonMisesCDFIntegral(t *testing.T) {
	for _, mu := range []float64{-2.5, -1, 0.6, 2.8, 7} {
		for _, k := range []float64{0.5, 3, 49.5, 80} {
			p := []float64{mu, k}
			for _, ab := range [][2]float64{{-math.Pi, -1}, {-2, 0.5}, {0.3, math.Pi}, {-math.Pi, math.Pi}} {
				got := librarytest.Simpson(func(x float64) float64 { return math.Exp(VonMises.LogDensity(x, p)) }, ab[0], ab[1], 4000)
				want := vonMisesCDF(ab[1], p) - vonMisesCDF(ab[0], p)
				if tol := map[bool]float64{true: 1e-9, false: 1e-5}[k < 49]; math.Abs(got-want) > tol {
					t.Errorf("μ %g, κ %g: ∫ over %v = %.12g, CDF difference %.12g", mu, k, ab, got, want)
				}
			}
		}
	}
}

// TestVonMisesRngLocation: at μ = 8, more than a turn from the reference
// row's μ = 0, the draws lie in [m - π, m + π], m = fmod(μ, 2π) (Stan's
// von_mises_rng), and, moved into [-π, π],
// pass a Kolmogorov-Smirnov test against the CDF at the 0.1% level.
func TestVonMisesRngLocation(t *testing.T) {
	const n = 20000
	r := rand.New(rand.NewPCG(9, 9))
	p := []float64{8, 1.5}
	m := math.Mod(8, 2*math.Pi)
	xs := make([]float64, n)
	for i := range xs {
		x := vonMisesRng(r, p)
		if x < m-math.Pi || x > m+math.Pi {
			t.Fatalf("draw %g outside [m - π, m + π]", x)
		}
		if x > math.Pi {
			x -= 2 * math.Pi
		}
		xs[i] = x
	}
	sort.Float64s(xs)
	d := 0.0
	for i, x := range xs {
		c := vonMisesCDF(x, p)
		d = math.Max(d, math.Max(math.Abs(c-float64(i)/n), math.Abs(float64(i+1)/n-c)))
	}
	if crit := 1.95 / math.Sqrt(n); d > crit {
		t.Errorf("Kolmogorov-Smirnov D = %g > %g", d, crit)
	}
}
