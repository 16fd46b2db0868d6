package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// von_mises_cdf, _lcdf and _lccdf (Stan Functions Reference, "Von Mises
// distribution"): F(y) = ∫_{-π}^{y} exp(κ cos(t - μ)) / (2π I_0(κ)) dt
// for y in [-π, π] (0 below, 1 above; Stan rejects y outside), any μ.
// With m = μ reduced into [-π, π) and H the CDF of von_mises(0, κ)
// extended to the reals (H(u + 2π) = H(u) + 1),
//
//	F(y) = H(y - m) - H(-π - m),
//
// H on [-π, π] being Stan Math's von_mises_cdf_centered: for κ < 49
// Hill's series (Hill 1977, "Algorithm 518: Incomplete Bessel function
// I0. The von Mises distribution", ACM TOMS 3; scipy's and Stan's
// von_mises_cdf_series, with 28 + κ/2 - 100/(κ+5) + 1 terms), clipped to
// [0, 1]; from κ = 50 the normal approximation Φ(√(2/π) e^κ/I_0(κ)
// sin(u/2)), and between the two a linear blend. log(1 - F) is log1p(-F),
// as Stan's von_mises_lccdf. The partials: ∂F/∂y = pdf(y),
// ∂F/∂μ = pdf(-π) - pdf(y), a factor 1 - exp(lpdf(-π) - lpdf(y)) of
// -pdf(y). κ is data: the partial in κ needs the series' derivative in κ,
// which bayes does not have yet; the compiler refuses a κ that depends on
// parameters.
var vonMisesLcdf, vonMisesLccdf = cdfKernels("von_mises", []library.Domain{library.Finite, library.Finite, library.DataPositive}, vonMisesLpdfKernel,
	func(y, mu, kappa, _ float64, _ int) float64 { return math.Log(vonMisesCDF(y, []float64{mu, kappa})) },
	func(y, mu, kappa, _ float64, _ int) float64 { return math.Log1p(-vonMisesCDF(y, []float64{mu, kappa})) }, `
BAYES_FN bayes_real bayes_von_mises_series(bayes_real x, bayes_real k)
{
	int p = (int)(28 + BAYES_R(0.5) * k - 100 / (k + 5) + 1), n;
	bayes_real s = BAYES_M(sin)(x), c = BAYES_M(cos)(x), sn = BAYES_M(sin)(p * x), cn = BAYES_M(cos)(p * x);
	bayes_real r = 0, v = 0, t, m;
	for (n = 1; n < p; n++) {
		t = sn * c - cn * s;
		cn = cn * c + sn * s;
		sn = t;
		m = (bayes_real)(p - n);
		r = 1 / (2 * m / k + r);
		v = r * (sn / m + v);
	}
	return BAYES_R(0.5) + x / (2 * BAYES_PI) + v / BAYES_PI;
}

BAYES_FN bayes_real bayes_von_mises_normal_approx(bayes_real x, bayes_real k)
{
	bayes_real b = BAYES_M(sqrt)(2 / BAYES_PI) * BAYES_M(exp)(k - bayes_log_bessel_i(0, k));
	return BAYES_R(0.5) * BAYES_M(erfc)(-(b * BAYES_M(sin)(x / 2)) * BAYES_R(0.70710678118654752440));
}

BAYES_FN bayes_real bayes_von_mises_centered(bayes_real x, bayes_real k)
{
	bayes_real f;
	if (k < 49) {
		f = bayes_von_mises_series(x, k);
		return f < 0 ? 0 : (f > 1 ? 1 : f);
	}
	if (k < 50) return (50 - k) * bayes_von_mises_series(x, 49) + (k - 49) * bayes_von_mises_normal_approx(x, 50);
	return bayes_von_mises_normal_approx(x, k);
}

BAYES_FN bayes_real bayes_von_mises_extended(bayes_real u, bayes_real k)
{
	bayes_real j = BAYES_M(round)(u / (2 * BAYES_PI));
	return bayes_von_mises_centered(u - 2 * BAYES_PI * j, k) + j;
}

BAYES_FN bayes_real bayes_von_mises_cdf(bayes_real y, bayes_real mu, bayes_real kappa)
{
	bayes_real m;
	if (y < -BAYES_PI) return 0;
	if (y > BAYES_PI) return 1;
	m = mu - 2 * BAYES_PI * BAYES_M(floor)((mu + BAYES_PI) / (2 * BAYES_PI));
	return bayes_von_mises_extended(y - m, kappa) - bayes_von_mises_extended(-BAYES_PI - m, kappa);
}

BAYES_FN bayes_real bayes_von_mises_lcdf(bayes_real y, bayes_real mu, bayes_real kappa)
{
	return BAYES_M(log)(bayes_von_mises_cdf(y, mu, kappa));
}`, `
BAYES_FN bayes_real bayes_von_mises_lccdf(bayes_real y, bayes_real mu, bayes_real kappa)
{
	return BAYES_M(log1p)(-bayes_von_mises_cdf(y, mu, kappa));
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		y, mu, kappa := xs[0], xs[1], xs[2]
		edge := b.Call(vonMisesLpdfKernel, b.Const(-math.Pi), mu, kappa)
		return b.Sub(b.Exp(b.Sub(edge, b.Call(vonMisesLpdfKernel, y, mu, kappa))), b.Const(1))
	})

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
