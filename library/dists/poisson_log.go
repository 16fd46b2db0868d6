package library

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// PoissonLog is poisson_log(α), poisson(exp(α)) (Stan Functions Reference,
// "Poisson distribution, log parameterization").
var PoissonLog = &Dist{
	Name:     "poisson_log",
	Discrete: true,
	Params:   []Param{{Name: "log rate", Domain: AnyReal}},
	Support:  "N",
	Lpdf:     poissonLogLpmfKernel,
	// -lgamma(n+1)
	Terms: []Term{{Deps: 1, F: func(x *[MaxArgs]float64) float64 { return -Lgamma(x[0] + 1) }}},
	Rate: func(_ *rand.Rand, p []float64) (float64, error) {
		if !(p[0] < logPoissonMaxRate) {
			return 0, fmt.Errorf("log rate is %g, but must be less than %.6g (30 log 2) for the draws to fit in an int", p[0], logPoissonMaxRate)
		}
		return math.Exp(p[0]), nil
	},
	Moments: func(p []float64) (float64, float64) { return math.Exp(p[0]), math.Exp(p[0]) },
}

var poissonLogLpmfKernel = &Kernel{Name: "poisson_log_lpmf", Args: []Domain{Count, Finite},
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
	return n*alpha - math.Exp(alpha) - Lgamma(n+1)
}

// poissonLogPartial: ∂/∂α = n - exp(α).
func poissonLogPartial(b Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.Arg(n, 0), b.Exp(b.Arg(n, 1))))
}
