package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Exponential is exponential(β), β the rate (Stan Functions Reference,
// "Exponential distribution").
var Exponential = &library.Dist{
	Name:    "exponential",
	Params:  []library.Param{{Name: "rate", Domain: library.Positive}},
	Support: "[0, inf)",
	Lpdf:    exponentialLpdfKernel,
	Lcdf:    exponentialLcdf,
	Lccdf:   exponentialLccdf,
	// log β
	Terms:    []library.Term{{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[1]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Exponential{Rate: p[0], Src: r}.Rand() },
	CDF:      func(x float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.Quantile(u) },
	Moments:  func(p []float64) (float64, float64) { return 1 / p[0], 1 / (p[0] * p[0]) },
}

var exponentialLpdfKernel = &library.Kernel{Name: "exponential_lpdf", Args: []library.Domain{library.Positive, library.Positive},
	Value: exponentialLpdf, Partial: exponentialPartial, C: `
BAYES_FN bayes_real bayes_exponential_lpdf(bayes_real y, bayes_real beta)
{
	if (y < 0) return -BAYES_INF;
	return BAYES_M(log)(beta) - beta * y;
}`}

func init() { register(Exponential) }

// exponentialLpdf: log β - β y for y >= 0.
func exponentialLpdf(y, beta, _, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return math.Log(beta) - beta*y
}

// exponentialPartial: ∂/∂y = -β, ∂/∂β = 1/β - y.
func exponentialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, beta := b.Arg(n, 0), b.Arg(n, 1)
	if i == 0 {
		return b.Mul(adj, b.Neg(beta))
	}
	return b.Mul(adj, b.Sub(b.Inv(beta), y))
}
