package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// SkewDoubleExponential is skew_double_exponential(μ, σ, τ), location μ,
// scale σ and skewness τ (Stan Functions Reference, "Skew double
// exponential distribution"): density
//
//	2τ(1-τ)/σ exp(-2/σ [(1-τ) I(y < μ)(μ-y) + τ I(y > μ)(y-μ)]),
//
// mass τ below μ, where it is an exponential tail of rate 2(1-τ)/σ, and
// 1-τ above, one of rate 2τ/σ.
var SkewDoubleExponential = &library.Dist{
	Name: "skew_double_exponential",
	Params: []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive},
		{Name: "skewness", Domain: library.Probability}},
	Support: "R",
	Lpdf:    skewDoubleExponentialLpdfKernel,
	Lcdf:    skewDoubleExponentialLcdf,
	Lccdf:   skewDoubleExponentialLccdf,
	// log 2, -log σ, log τ + log1m(τ) (Stan Math
	// skew_double_exponential_lpdf's include_summand)
	Terms: []library.Term{
		{F: func(*[library.MaxArgs]float64) float64 { return library.Ln2 }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }},
		{Deps: 1 << 3, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[3]) + math.Log1p(-x[3]) }}},
	// the mixture: below μ with chance τ, each side an exponential tail
	Rng: func(r *rand.Rand, p []float64) float64 {
		mu, sigma, tau := p[0], p[1], p[2]
		if r.Float64() < tau {
			return mu - sigma/(2*(1-tau))*r.ExpFloat64()
		}
		return mu + sigma/(2*tau)*r.ExpFloat64()
	},
	CDF: func(x float64, p []float64) float64 {
		mu, sigma, tau := p[0], p[1], p[2]
		if x < mu {
			return tau * math.Exp(-2*(1-tau)*(mu-x)/sigma)
		}
		return 1 - (1-tau)*math.Exp(-2*tau*(x-mu)/sigma)
	},
	Quantile: func(u float64, p []float64) float64 {
		mu, sigma, tau := p[0], p[1], p[2]
		if u < tau {
			return mu + sigma/(2*(1-tau))*math.Log(u/tau)
		}
		return mu - sigma/(2*tau)*math.Log((1-u)/(1-tau))
	},
	// with a = σ/(2(1-τ)) and b = σ/(2τ), the tails' means: μ - τa + (1-τ)b,
	// and E(y-μ)² = 2τa² + 2(1-τ)b² less the square of the mean's offset
	Moments: func(p []float64) (float64, float64) {
		sigma, tau := p[1], p[2]
		a, b := sigma/(2*(1-tau)), sigma/(2*tau)
		m := -tau*a + (1-tau)*b
		return p[0] + m, 2*tau*a*a + 2*(1-tau)*b*b - m*m
	},
}

var skewDoubleExponentialLpdfKernel = &library.Kernel{Name: "skew_double_exponential_lpdf",
	Args:  []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Probability},
	Value: skewDoubleExponentialLpdf, Partial: skewDoubleExponentialPartial, C: `
BAYES_FN bayes_real bayes_skew_double_exponential_lpdf(bayes_real y, bayes_real mu, bayes_real sigma, bayes_real tau)
{
	bayes_real e = y < mu ? (1 - tau) * (mu - y) : tau * (y - mu);
	return BAYES_LN2 - BAYES_M(log)(sigma) + BAYES_M(log)(tau) + BAYES_M(log1p)(-tau) - 2 * e / sigma;
}`}

func init() { register(SkewDoubleExponential) }

// skewDoubleExponentialLpdf: log 2 - log σ + log τ + log1m(τ) - 2e/σ,
// e = (1-τ)(μ-y) below μ, τ(y-μ) above.
func skewDoubleExponentialLpdf(y, mu, sigma, tau float64, _ int) float64 {
	e := tau * (y - mu)
	if y < mu {
		e = (1 - tau) * (mu - y)
	}
	return library.Ln2 - math.Log(sigma) + math.Log(tau) + math.Log1p(-tau) - 2*e/sigma
}

// skewDoubleExponentialPartial: with s = y-μ and h = τ - I(s < 0)
// = τ - (1 - sign s)/2 (e = s h), ∂/∂y = -2h/σ, ∂/∂μ = 2h/σ,
// ∂/∂σ = (2sh/σ - 1)/σ, ∂/∂τ = 1/τ - 1/(1-τ) - 2s/σ.
func skewDoubleExponentialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma, tau := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	one, half := b.Const(1), b.Const(0.5)
	s := b.Sub(y, mu)
	invs := b.Inv(sigma)
	h := b.Sub(tau, b.Mul(half, b.Sub(one, b.Sign(s))))
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Mul(b.Mul(b.Const(2), h), invs)))
	case 1:
		return b.Mul(adj, b.Mul(b.Mul(b.Const(2), h), invs))
	case 2:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(b.Mul(b.Const(2), b.Mul(s, h)), invs), one), invs))
	}
	return b.Mul(adj, b.Sub(b.Sub(b.Inv(tau), b.Inv(b.Sub(one, tau))), b.Mul(b.Mul(b.Const(2), s), invs)))
}
