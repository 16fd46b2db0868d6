package dists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Poisson is poisson(λ) (Stan Functions Reference, "Poisson distribution").
// Its draws, and those of every count family drawn as a Poisson (Dist.Rate),
// are kept within a Stan int as Stan Math keeps them.
var Poisson = &library.Dist{
	Name:     "poisson",
	Discrete: true,
	Params:   []library.Param{{Name: "rate", Domain: library.NonNegative}},
	Support:  "N",
	Lpdf:     poissonLpmfKernel,
	Lcdf:     poissonLcdf,
	Lccdf:    poissonLccdf,
	// -lgamma(n+1)
	Terms:    []library.Term{{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lgamma(x[0] + 1) }}},
	Rate:     func(_ *rand.Rand, p []float64) (float64, error) { return belowMaxRate("rate", p[0]) },
	CDFBySum: true,
	Moments:  func(p []float64) (float64, float64) { return p[0], p[0] },
}

var poissonLpmfKernel = &library.Kernel{Name: "poisson_lpmf", Args: []library.Domain{library.Count, library.Positive},
	Value: poissonLpmf, Partial: poissonPartial, C: `
BAYES_FN bayes_real bayes_poisson_lpmf(bayes_real n, bayes_real lambda)
{
	if (n < 0) return -BAYES_INF;
	return bayes_xlogy(n, lambda) - lambda - BAYES_M(lgamma)(n + 1);
}`}

func init() { register(Poisson) }

// poissonLpmf: n log λ - λ - lgamma(n+1); 0 at n = λ = 0 (Stan).
func poissonLpmf(n, lambda, _, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return library.Xlogy(n, lambda) - lambda - library.Lgamma(n+1)
}

// poissonPartial: ∂/∂λ = n/λ - 1.
func poissonPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i == 0 {
		return library.NoValue
	}
	return b.Mul(adj, b.Sub(b.Div(b.Arg(n, 0), b.Arg(n, 1)), b.Const(1)))
}

// poissonMaxRate is Stan Math's POISSON_MAX_RATE, 2^30
// (stan/math/prim/prob/poisson_rng.hpp): a Poisson draw with a smaller rate
// is below 2^31 - 1, the largest int, but for a chance far below 1e-100.
const poissonMaxRate = 1 << 30

// logPoissonMaxRate is Stan Math's POISSON_MAX_LOG_RATE, 30 log 2: the
// bound poisson_log_rng puts on its log rate.
var logPoissonMaxRate = 30 * math.Ln2

// belowMaxRate is rate, or Stan's error when it is not below poissonMaxRate
// (NaN included): what names the rate in the message.
func belowMaxRate(what string, rate float64) (float64, error) {
	if !(rate < poissonMaxRate) {
		return 0, fmt.Errorf("%s is %g, but must be less than %d (2^30) for the draws to fit in an int", what, rate, poissonMaxRate)
	}
	return rate, nil
}

// gammaRate draws the Poisson rate of a negative binomial, Gamma(shape,
// rate), as a gamma-Poisson mixture (Stan Functions Reference, "Negative
// binomial distribution"; Stan's neg_binomial_rng does the same, and
// checks the gamma draw against POISSON_MAX_RATE).
func gammaRate(r *rand.Rand, shape, rate float64) (float64, error) {
	return belowMaxRate("the Poisson rate drawn from the gamma distribution", distuv.Gamma{Alpha: shape, Beta: rate, Src: r}.Rand())
}
