package dists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// PoissonLog is poisson_log(α), poisson(exp(α)) (Stan Functions Reference,
// "Poisson distribution, log parameterization").
var PoissonLog = &library.Dist{
	Name:     "poisson_log",
	Discrete: true,
	Params:   []library.Param{{Name: "log rate", Domain: library.AnyReal}},
	Support:  "N",
	Lpdf:     poissonLogLpmfKernel,
	// -lgamma(n+1)
	Terms: []library.Term{{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lgamma(x[0] + 1) }}},
	Rate: func(_ *rand.Rand, p []float64) (float64, error) {
		if !(p[0] < logPoissonMaxRate) {
			return 0, fmt.Errorf("log rate is %g, but must be less than %.6g (30 log 2) for the draws to fit in an int", p[0], logPoissonMaxRate)
		}
		return math.Exp(p[0]), nil
	},
	Moments: func(p []float64) (float64, float64) { return math.Exp(p[0]), math.Exp(p[0]) },
}

var poissonLogLpmfKernel = &library.Kernel{Name: "poisson_log_lpmf", Args: []library.Domain{library.Count, library.Finite},
	Value: poissonLogLpmf, Partial: poissonLogPartial, C: `
BAYES_FN bayes_real bayes_poisson_log_lpmf(bayes_real n, bayes_real alpha)
{
	if (n == 0 && isinf(alpha) && alpha < 0) return BAYES_R(0.0);
	return n * alpha - BAYES_M(exp)(alpha) - BAYES_M(lgamma)(n + 1);
}`}

func init() { register(PoissonLog) }

// poissonLogLpmf: n α - exp(α) - lgamma(n+1); 0 at n = 0, α = -Inf (Stan).
func poissonLogLpmf(n, alpha, _, _ float64, _ int) float64 {
	if n == 0 && math.IsInf(alpha, -1) {
		return 0
	}
	return n*alpha - math.Exp(alpha) - library.Lgamma(n+1)
}

// poissonLogPartial: ∂/∂α = n - exp(α).
func poissonLogPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i == 0 {
		return library.NoValue
	}
	return b.Mul(adj, b.Sub(b.Arg(n, 0), b.Exp(b.Arg(n, 1))))
}
