package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// exp_mod_normal_lcdf and exp_mod_normal_lccdf (Stan Functions Reference,
// "Exponentially modified normal distribution"): with z = (y-μ)/σ,
// u = z - λσ and c = -λ(y-μ) + λ²σ²/2 + log Φ(u), F = Φ(z) - exp(c), so
//
//	log F = log Φ(z) + log1m_exp(c - log Φ(z)),  log(1-F) = log_sum_exp(log Φ(-z), c),
//
// the upper tail without cancellation. With r = φ(u)/Φ(u), and
// exp(c) φ(u)/Φ(u) = φ(z): F depends on y-μ, so f_μ = -1;
// ∂F/∂σ = (r - λσ) pdf and ∂F/∂λ = (σ(u + r)/λ) pdf.
var expModNormalLcdf, expModNormalLccdf = cdfKernels("exp_mod_normal",
	[]library.Domain{library.AnyReal, library.Finite, library.Positive, library.Positive}, expModNormalLpdfKernel,
	func(y, mu, sigma, lambda float64, _ int) float64 {
		z := (y - mu) / sigma
		lz := library.LogPhi(z)
		return lz + library.Log1mExp(expModNormalC(y, mu, sigma, lambda)-lz)
	},
	func(y, mu, sigma, lambda float64, _ int) float64 {
		return library.LogSumExp2(library.LogPhi(-((y - mu) / sigma)), expModNormalC(y, mu, sigma, lambda))
	}, `
BAYES_FN bayes_real bayes_exp_mod_normal_c(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real lambda)
{
	bayes_real z = (y - mu) / sigma;
	return -lambda * (y - mu) + lambda * lambda * sigma * sigma / 2 + bayes_log_phi(z - lambda * sigma);
}

BAYES_FN bayes_real bayes_exp_mod_normal_lcdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real lambda)
{
	bayes_real z = (y - mu) / sigma;
	bayes_real lz = bayes_log_phi(z);
	return lz + bayes_log1m_exp(bayes_exp_mod_normal_c(y, mu, sigma, lambda) - lz);
}`, `
BAYES_FN bayes_real bayes_exp_mod_normal_lccdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real lambda)
{
	return bayes_log_sum_exp2(bayes_log_phi(-((y - mu) / sigma)), bayes_exp_mod_normal_c(y, mu, sigma, lambda));
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, mu, sigma, lambda := xs[0], xs[1], xs[2], xs[3]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Const(-1)
		}
		ls := b.Mul(lambda, sigma)
		u := b.Sub(b.Div(b.Sub(y, mu), sigma), ls)
		r := b.Call(skewNormalDlogPhi, u)
		if i == 2 {
			return b.Sub(r, ls)
		}
		return b.Div(b.Mul(sigma, b.Add(u, r)), lambda)
	})

// expModNormalC is log of the correction F = Φ(z) - exp(c) subtracts.
func expModNormalC(y, mu, sigma, lambda float64) float64 {
	z := (y - mu) / sigma
	return -lambda*(y-mu) + lambda*lambda*sigma*sigma/2 + library.LogPhi(z-lambda*sigma)
}
