package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Bernoulli is bernoulli(θ) (Stan Functions Reference, "Bernoulli
// distribution"). Every summand depends on θ: `~` drops nothing.
var Bernoulli = &library.Dist{
	Name:     "bernoulli",
	Discrete: true,
	Params:   []library.Param{{Name: "chance of success", Domain: library.Probability}},
	Support:  "{0, 1}",
	Lpdf:     bernoulliLpmfKernel,
	Lcdf:     bernoulliLcdf,
	Lccdf:    bernoulliLccdf,
	Rng:      func(r *rand.Rand, p []float64) float64 { return library.Indicator(r.Float64() < p[0]) },
	CDFBySum: true,
	Moments:  func(p []float64) (float64, float64) { return p[0], p[0] * (1 - p[0]) },
}

var bernoulliLpmfKernel = &library.Kernel{Name: "bernoulli_lpmf", Args: []library.Domain{library.Binary, library.Probability},
	Value: bernoulliLpmf, Partial: bernoulliPartial, C: `
BAYES_FN bayes_real bayes_bernoulli_lpmf(bayes_real n, bayes_real theta)
{
	if (n == 1) return BAYES_M(log)(theta);
	if (n == 0) return BAYES_M(log1p)(-theta);
	return -BAYES_INF;
}`}

func init() { register(Bernoulli) }

// bernoulliLpmf: log θ for n = 1, log1p(-θ) for n = 0 (never 0·log 0).
func bernoulliLpmf(n, theta, _, _ float64, _ int) float64 {
	switch n {
	case 1:
		return math.Log(theta)
	case 0:
		return math.Log1p(-theta)
	}
	return math.Inf(-1)
}

// bernoulliPartial: ∂/∂θ = n/θ - (1-n)/(1-θ), i.e. 1/θ or -1/(1-θ).
func bernoulliPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i == 0 {
		return library.NoValue
	}
	y, theta := b.Arg(n, 0), b.Arg(n, 1)
	one := b.Const(1)
	return b.Mul(adj, b.Select(y, b.Inv(theta), b.Neg(b.Inv(b.Sub(one, theta)))))
}
