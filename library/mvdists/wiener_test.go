package mvdists

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// TestWienerRWiener checks the density against RWiener's dwiener (R
// package RWiener, Wabersich and Vandekerckhove 2014, upper boundary,
// give_log=TRUE), whose values Stan Math's tests record
// (test/prob/wiener/wiener_test.hpp, both the wiener_log and the later
// wiener_lpdf versions), and which span both of the kernel's series
// (u = t/α² from 0.0005 to 2.7) and log densities down to -35.
func TestWienerRWiener(t *testing.T) {
	for _, c := range []struct{ y, alpha, tau, beta, delta, want float64 }{
		{1.1, 2.1, .3, .55, .4, -0.892976431870503},
		{2.1, 4.1, 1.9, .05, .1, -34.6843978137965},
		{2.1, 4.1, 0.6, .05, .1, -5.28933922584833},
		{0.1, 10.1, 0.05, .95, .5, 0.587463027419532},
		{1.2, 10.1, 0.35, .95, .5, -1.36212169454714},
		{50.1, 4.3, 10.05, .65, .15, -12.8016739027639},
		{50.1, 4.3, 1.05, .65, .15, -15.3049368722015},
		{0.51, 1.1, .3, .2, 10.5, -3.04799507974442},
		{1.51, 1.1, .9, .2, 10.5, -26.4531852275477},
	} {
		s := library.Scalar
		got, err := Wiener.LogDensity([]library.Tensor{s(c.y), s(c.alpha), s(c.tau), s(c.beta), s(c.delta)})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("wiener(%g | %g, %g, %g, %g) = %.15g, RWiener %.15g", c.y, c.alpha, c.tau, c.beta, c.delta, got, c.want)
		}
	}
}

// TestWienerMass: the density integrates (Simpson's rule in s = √t over
// t in (0, 30], dt = 2s ds, smooth where the density is narrow) to the chance of the upper boundary, (1 - e^(-2δαβ))/(1 -
// e^(-2δα)), β without drift (the gambler's ruin of Brownian motion with
// drift).
func TestWienerMass(t *testing.T) {
	for _, c := range [][4]float64{{1.5, 0.5, 0.8}, {2, 0.3, -1.2}, {1, 0.7, 0}, {0.8, 0.9, 2.5}} {
		alpha, beta, delta := c[0], c[1], c[2]
		f := func(t float64) float64 {
			s := library.Scalar
			lp, err := Wiener.LogDensity([]library.Tensor{s(t), s(alpha), s(0), s(beta), s(delta)})
			if err != nil {
				panic(err)
			}
			return math.Exp(lp)
		}
		g := func(s float64) float64 { return 2 * s * f(s*s) }
		const n = 60000
		h := math.Sqrt(30) / n
		mass := g(n * h)
		for i := 1; i < n; i++ {
			mass += float64(2+2*(i%2)) * g(float64(i)*h)
		}
		mass *= h / 3
		want := beta
		if delta != 0 {
			want = math.Expm1(-2*delta*alpha*beta) / math.Expm1(-2*delta*alpha)
		}
		if math.Abs(mass-want) > 1e-9 {
			t.Errorf("α %g, β %g, δ %g: mass %.12g, P(upper) %.12g", alpha, beta, delta, mass, want)
		}
	}
}

// TestWienerRngMean: the rng's draws (given the upper boundary) away from
// β = 1/2, where the reference row's EZ moments do not apply, have the
// conditional mean time of Brownian motion with drift δ from z = βα
// between 0 and α given the upper exit, τ + (α coth(δα) - z coth(δz))/δ,
// and without drift τ + (α² - z²)/3, to 4 Monte Carlo standard errors.
func TestWienerRngMean(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 3))
	for _, c := range [][4]float64{{1.5, 0.3, 0.3, 0.8}, {2, 0.1, 0.7, -1}, {1.2, 0.2, 0.25, 0}} {
		alpha, tau, beta, delta := c[0], c[1], c[2], c[3]
		z := beta * alpha
		want := tau + (alpha*alpha-z*z)/3
		if delta != 0 {
			want = tau + (alpha/math.Tanh(delta*alpha)-z/math.Tanh(delta*z))/delta
		}
		const n = 20000
		var s, s2 float64
		for range n {
			x := wienerDraw(r, alpha, tau, beta, delta)
			s, s2 = s+x, s2+x*x
		}
		mean := s / n
		se := math.Sqrt((s2/n - mean*mean) / n)
		if math.Abs(mean-want) > 4*se {
			t.Errorf("%v: mean %.5g, want %.5g within %.2g", c, mean, want, 4*se)
		}
	}
}
