package library

import "math/rand/v2"

// BernoulliLogit is bernoulli_logit(θ), bernoulli(inv_logit(θ)) (Stan
// Functions Reference, "Bernoulli distribution, logit parameterization").
// Every summand depends on θ: `~` drops nothing.
var BernoulliLogit = &Dist{
	Name:     "bernoulli_logit",
	Discrete: true,
	Params:   []Param{{Name: "log odds", Domain: AnyReal}},
	Support:  "{0, 1}",
	Lpdf:     bernoulliLogitLpmfKernel,
	Rng:      func(r *rand.Rand, p []float64) float64 { return b2f(r.Float64() < InvLogit(p[0])) },
	Moments: func(p []float64) (float64, float64) {
		q := InvLogit(p[0])
		return q, q * (1 - q)
	},
}

var bernoulliLogitLpmfKernel = &Kernel{Name: "bernoulli_logit_lpmf", Args: []Domain{Binary, Finite},
	Value: bernoulliLogitLpmf, Partial: bernoulliLogitPartial, C: `
BAYES_FN bayes_real bayes_bernoulli_logit_lpmf(bayes_real n, bayes_real theta)
{
	return n * theta - bayes_log1p_exp(theta);
}`}

func init() { register(BernoulliLogit) }

// bernoulliLogitLpmf: n θ - log1p_exp(θ), n in {0, 1}.
func bernoulliLogitLpmf(n, theta, _, _ float64, _ int) float64 {
	return n*theta - Log1pExp(theta)
}

// bernoulliLogitPartial: ∂/∂θ = n - inv_logit(θ).
func bernoulliLogitPartial(b Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.Arg(n, 0), b.InvLogit(b.Arg(n, 1))))
}
