package dists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// BernoulliLogit is bernoulli_logit(θ), bernoulli(inv_logit(θ)) (Stan
// Functions Reference, "Bernoulli distribution, logit parameterization").
// Every summand depends on θ: `~` drops nothing.
var BernoulliLogit = &library.Dist{
	Name:     "bernoulli_logit",
	Discrete: true,
	Params:   []library.Param{{Name: "log odds", Domain: library.AnyReal}},
	Support:  "{0, 1}",
	Lpdf:     bernoulliLogitLpmfKernel,
	Rng: func(r *rand.Rand, p []float64) float64 {
		return library.Indicator(r.Float64() < library.InvLogit(p[0]))
	},
	Moments: func(p []float64) (float64, float64) {
		q := library.InvLogit(p[0])
		return q, q * (1 - q)
	},
}

var bernoulliLogitLpmfKernel = &library.Kernel{Name: "bernoulli_logit_lpmf", Args: []library.Domain{library.Binary, library.Finite},
	Value: bernoulliLogitLpmf, Partial: bernoulliLogitPartial, C: `
BAYES_FN bayes_real bayes_bernoulli_logit_lpmf(bayes_real n, bayes_real theta)
{
	return n * theta - bayes_log1p_exp(theta);
}`}

func init() { register(BernoulliLogit) }

// bernoulliLogitLpmf: n θ - log1p_exp(θ), n in {0, 1}.
func bernoulliLogitLpmf(n, theta, _, _ float64, _ int) float64 {
	return n*theta - library.Log1pExp(theta)
}

// bernoulliLogitPartial: ∂/∂θ = n - inv_logit(θ).
func bernoulliLogitPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i == 0 {
		return library.NoValue
	}
	return b.Mul(adj, b.Sub(b.Arg(n, 0), b.InvLogit(b.Arg(n, 1))))
}
