package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// ExpModNormal is exp_mod_normal(μ, σ, λ), the sum of a normal(μ, σ) and
// an exponential(λ) (Stan Functions Reference, "Exponentially modified
// normal distribution"): density
//
//	λ/2 exp(λ/2 (2μ + λσ² - 2y)) erfc((μ + λσ² - y)/(√2 σ)),
//
// written here, with z = (y-μ)/σ and erfc(x)/2 = Φ(-√2 x), as
// λ exp(λ(μ-y) + λ²σ²/2) Φ(z - λσ), whose log (LogPhi) stays finite where
// erfc underflows.
var ExpModNormal = &library.Dist{
	Name: "exp_mod_normal",
	Params: []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive},
		{Name: "inverse scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    expModNormalLpdfKernel,
	Lcdf:    expModNormalLcdf,
	Lccdf:   expModNormalLccdf,
	// -log 2, log λ (Stan Math exp_mod_normal_lpdf's include_summand)
	Terms: []library.Term{
		{F: func(*[library.MaxArgs]float64) float64 { return -library.Ln2 }},
		{Deps: 1 << 3, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[3]) }}},
	Rng: func(r *rand.Rand, p []float64) float64 {
		return p[0] + p[1]*r.NormFloat64() + r.ExpFloat64()/p[2]
	},
	CDF: expModNormalCDF,
	Quantile: func(u float64, p []float64) float64 {
		return bisectQuantile(expModNormalCDF, u, p, p[0]+1/p[2], p[1]+1/p[2])
	},
	// μ + 1/λ and σ² + 1/λ²
	Moments: func(p []float64) (float64, float64) { return p[0] + 1/p[2], p[1]*p[1] + 1/(p[2]*p[2]) },
}

// expModNormalCDF is Φ(z) - exp(-λ(y-μ) + λ²σ²/2) Φ(z - λσ) (the normal's
// CDF less the convolution's correction).
func expModNormalCDF(y float64, p []float64) float64 {
	mu, sigma, lambda := p[0], p[1], p[2]
	z := (y - mu) / sigma
	return library.Phi(z) - math.Exp(-lambda*(y-mu)+0.5*lambda*lambda*sigma*sigma+library.LogPhi(z-lambda*sigma))
}

var expModNormalLpdfKernel = &library.Kernel{Name: "exp_mod_normal_lpdf",
	Args:  []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Positive},
	Value: expModNormalLpdf, Partial: expModNormalPartial, C: `
BAYES_FN bayes_real bayes_exp_mod_normal_lpdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real lambda)
{
	bayes_real z = (y - mu) / sigma;
	return BAYES_M(log)(lambda) + lambda * (mu - y) + lambda * lambda * sigma * sigma / 2 + bayes_log_phi(z - lambda * sigma);
}`}

func init() { register(ExpModNormal) }

// expModNormalLpdf: log λ + λ(μ-y) + λ²σ²/2 + log Φ(z - λσ).
func expModNormalLpdf(y, mu, sigma, lambda float64, _ int) float64 {
	z := (y - mu) / sigma
	return math.Log(lambda) + lambda*(mu-y) + lambda*lambda*sigma*sigma/2 + library.LogPhi(z-lambda*sigma)
}

// expModNormalPartial: with u = z - λσ and r = φ(u)/Φ(u), ∂/∂y = r/σ - λ,
// ∂/∂μ = λ - r/σ, ∂/∂σ = λ²σ - r (z/σ + λ), ∂/∂λ = 1/λ + μ - y + λσ² - rσ.
func expModNormalPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma, lambda := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	ls := b.Mul(lambda, sigma)
	r := b.Call(skewNormalDlogPhi, b.Sub(z, ls))
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Mul(r, invs), lambda))
	case 1:
		return b.Mul(adj, b.Sub(lambda, b.Mul(r, invs)))
	case 2:
		return b.Mul(adj, b.Sub(b.Mul(lambda, ls), b.Mul(r, b.Add(b.Mul(z, invs), lambda))))
	}
	t := b.Add(b.Inv(lambda), b.Sub(mu, y))
	return b.Mul(adj, b.Sub(b.Add(t, b.Mul(ls, sigma)), b.Mul(r, sigma)))
}
