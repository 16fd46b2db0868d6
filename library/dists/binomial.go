package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Binomial is binomial(N, θ) (Stan Functions Reference, "Binomial distribution").
var Binomial = &library.Dist{
	Name:     "binomial",
	Discrete: true,
	Params:   []library.Param{{Name: "trials", Int: true, Domain: library.NonNegative}, {Name: "chance of success", Domain: library.Probability}},
	Support:  "0:N",
	Lpdf:     binomialLpmfKernel,
	Lcdf:     binomialLcdf,
	Lccdf:    binomialLccdf,
	// lchoose(N, n)
	Terms:    []library.Term{{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return library.Lchoose(x[1], x[0]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Binomial{N: p[0], P: p[1], Src: r}.Rand() },
	CDFBySum: true,
	Moments:  func(p []float64) (float64, float64) { return p[0] * p[1], p[0] * p[1] * (1 - p[1]) },
}

var binomialLpmfKernel = &library.Kernel{Name: "binomial_lpmf", Args: []library.Domain{library.Count, library.Count, library.Probability},
	Value: binomialLpmf, Partial: binomialPartial, C: `
BAYES_FN bayes_real bayes_binomial_lpmf(bayes_real n, bayes_real N, bayes_real theta)
{
	if (n < 0 || n > N) return -BAYES_INF;
	bayes_real l1m = BAYES_M(log1p)(-theta);
	if (N - n == 0) l1m = 0;
	return bayes_lchoose(N, n) + bayes_xlogy(n, theta) + (N - n) * l1m;
}`}

func init() { register(Binomial) }

// binomialLpmf: lchoose(N, n) + n log θ + (N-n) log1p(-θ), with 0 log 0 = 0
// at θ = 0 or 1 as in Stan.
func binomialLpmf(n, N, theta, _ float64, _ int) float64 {
	if n < 0 || n > N {
		return math.Inf(-1)
	}
	l1m := math.Log1p(-theta)
	if N-n == 0 {
		l1m = 0
	}
	return library.Lchoose(N, n) + library.Xlogy(n, theta) + (N-n)*l1m
}

// binomialPartial: ∂/∂θ = n/θ - (N-n)/(1-θ).
func binomialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i < 2 {
		return library.NoValue
	}
	k, N, theta := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	return b.Mul(adj, b.Sub(b.Div(k, theta), b.Div(b.Sub(N, k), b.Sub(b.Const(1), theta))))
}
