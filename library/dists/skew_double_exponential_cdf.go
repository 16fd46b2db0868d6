package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// skew_double_exponential_lcdf and _lccdf (Stan Functions Reference, "Skew
// double exponential distribution"): below μ, F = τ exp(-2(1-τ)(μ-y)/σ);
// from μ, 1 - F = (1-τ) exp(-2τ(y-μ)/σ); each log is exact on its side
// and log1m_exp of the other's on the other. F is a function of
// z = (y-μ)/σ and τ, so f_μ = -1, f_σ = -z (locationScaleFactor) and,
// with s = y-μ and g = I(s > 0) - τ = (1 + sign s)/2 - τ,
// ∂F/∂τ = ((σ + 2sg)/(2τ(1-τ))) pdf.
var skewDoubleExponentialLcdf, skewDoubleExponentialLccdf = cdfKernels("skew_double_exponential",
	[]library.Domain{library.AnyReal, library.Finite, library.Positive, library.Probability}, skewDoubleExponentialLpdfKernel,
	func(y, mu, sigma, tau float64, _ int) float64 {
		return skewDoubleExponentialLogCDF(y, mu, sigma, tau, false)
	},
	func(y, mu, sigma, tau float64, _ int) float64 {
		return skewDoubleExponentialLogCDF(y, mu, sigma, tau, true)
	}, `
BAYES_FN bayes_real bayes_skew_double_exponential_log_cdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real tau, int upper)
{
	bayes_real l;
	if (y < mu) {
		l = BAYES_M(log)(tau) - 2 * (1 - tau) * (mu - y) / sigma;
		return upper ? bayes_log1m_exp(l) : l;
	}
	l = BAYES_M(log1p)(-tau) - 2 * tau * (y - mu) / sigma;
	return upper ? l : bayes_log1m_exp(l);
}

BAYES_FN bayes_real bayes_skew_double_exponential_lcdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real tau)
{
	return bayes_skew_double_exponential_log_cdf(y, mu, sigma, tau, 0);
}`, `
BAYES_FN bayes_real bayes_skew_double_exponential_lccdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real tau)
{
	return bayes_skew_double_exponential_log_cdf(y, mu, sigma, tau, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i < 3 {
			return locationScaleFactor(0)(b, xs, i)
		}
		y, mu, sigma, tau := xs[0], xs[1], xs[2], xs[3]
		one, half := b.Const(1), b.Const(0.5)
		s := b.Sub(y, mu)
		g := b.Sub(b.Mul(half, b.Add(one, b.Sign(s))), tau)
		num := b.Add(sigma, b.Mul(b.Const(2), b.Mul(s, g)))
		return b.Div(num, b.Mul(b.Const(2), b.Mul(tau, b.Sub(one, tau))))
	})

// skewDoubleExponentialLogCDF is log F(y), or with upper log(1 - F(y)).
func skewDoubleExponentialLogCDF(y, mu, sigma, tau float64, upper bool) float64 {
	if y < mu {
		l := math.Log(tau) - 2*(1-tau)*(mu-y)/sigma
		if upper {
			return library.Log1mExp(l)
		}
		return l
	}
	l := math.Log1p(-tau) - 2*tau*(y-mu)/sigma
	if upper {
		return l
	}
	return library.Log1mExp(l)
}
