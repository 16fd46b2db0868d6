package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// von_mises_cdf (Stan Functions Reference, "Von Mises distribution"):
// F(y) = ∫_{-π}^{y} exp(κ cos(t - μ)) / (2π I_0(κ)) dt for y in [-π, π]
// (0 below, 1 above; Stan rejects y outside), any μ. With m = μ reduced
// into [-π, π) and H the CDF of von_mises(0, κ) extended to the reals
// (H(u + 2π) = H(u) + 1),
//
//	F(y) = H(y - m) - H(-π - m),
//
// H on [-π, π] being Stan Math's von_mises_cdf_centered: for κ < 49
// Hill's series (Hill 1977, "Algorithm 518: Incomplete Bessel function
// I0. The von Mises distribution", ACM TOMS 3; scipy's and Stan's
// von_mises_cdf_series, with 28 + κ/2 - 100/(κ+5) + 1 terms), clipped to
// [0, 1]; from κ = 50 the normal approximation Φ(√(2/π) e^κ/I_0(κ)
// sin(u/2)), and between the two a linear blend. The interpreter takes
// the logs of F and 1 - F for von_mises_lcdf and _lccdf; there are no log
// CDF kernels yet (so the compiler refuses the three in the model): the
// series and the approximation cancel in the tails, where log F computed
// in C and in Go part at 1e-9 (compiler/emit's TestEmitCSpecialValues
// asks 1e-12); a kernel needs tail-accurate forms first.

// vonMisesCDF is F(y) with p = (μ, κ).
func vonMisesCDF(y float64, p []float64) float64 {
	switch {
	case y < -math.Pi:
		return 0
	case y > math.Pi:
		return 1
	}
	mu, k := p[0], p[1]
	m := mu - 2*math.Pi*math.Floor((mu+math.Pi)/(2*math.Pi))
	return vonMisesExtended(y-m, k) - vonMisesExtended(-math.Pi-m, k)
}

// vonMisesExtended is H(u), the CDF of von_mises(0, κ) extended to the
// reals: H(u - 2πj) + j with u - 2πj in [-π, π].
func vonMisesExtended(u, k float64) float64 {
	j := math.Round(u / (2 * math.Pi))
	return vonMisesCentered(u-2*math.Pi*j, k) + j
}

// vonMisesCentered is Stan Math's von_mises_cdf_centered: H(x) for x in
// [-π, π].
func vonMisesCentered(x, k float64) float64 {
	switch {
	case k < 49:
		return math.Max(0, math.Min(1, vonMisesSeries(x, k)))
	case k < 50:
		return (50-k)*vonMisesSeries(x, 49) + (k-49)*vonMisesNormalApprox(x, 50)
	}
	return vonMisesNormalApprox(x, k)
}

// vonMisesSeries is Hill's series, summed backwards from its last term.
func vonMisesSeries(x, k float64) float64 {
	p := int(28 + 0.5*k - 100/(k+5) + 1)
	s, c := math.Sin(x), math.Cos(x)
	sn, cn := math.Sin(float64(p)*x), math.Cos(float64(p)*x)
	r, v := 0.0, 0.0
	for n := 1; n < p; n++ {
		sn, cn = sn*c-cn*s, cn*c+sn*s
		m := float64(p - n)
		r = 1 / (2*m/k + r)
		v = r * (sn/m + v)
	}
	return 0.5 + x/(2*math.Pi) + v/math.Pi
}

// vonMisesNormalApprox is Φ(√(2/π) e^κ/I_0(κ) sin(x/2)).
func vonMisesNormalApprox(x, k float64) float64 {
	b := math.Sqrt(2/math.Pi) * math.Exp(k-library.LogBesselI(0, k))
	return 0.5 * math.Erfc(-(b*math.Sin(x/2))*library.InvSqrt2)
}

// vonMisesQuantile inverts the CDF on [-π, π] by bisection to the last bit.
func vonMisesQuantile(u float64, p []float64) float64 {
	if !(u >= 0 && u <= 1) {
		return math.NaN()
	}
	lo, hi := -math.Pi, math.Pi
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if vonMisesCDF(mid, p) < u {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}
