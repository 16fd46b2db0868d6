package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Logistic is logistic(μ, σ) (Stan Functions Reference, "Logistic
// distribution"). distuv.Logistic has no Rand: the rng inverts the CDF,
// x = μ + σ logit(u).
var Logistic = &library.Dist{
	Name:    "logistic",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    logisticLpdfKernel,
	Lcdf:    logisticLcdf,
	Lccdf:   logisticLccdf,
	// -log σ
	Terms:         []library.Term{{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }}},
	Rng:           func(r *rand.Rand, p []float64) float64 { return logisticOf(p).Quantile(r.Float64()) },
	CDF:           func(x float64, p []float64) float64 { return logisticOf(p).CDF(x) },
	Quantile:      func(u float64, p []float64) float64 { return logisticOf(p).Quantile(u) },
	Moments:       func(p []float64) (float64, float64) { return p[0], p[1] * p[1] * math.Pi * math.Pi / 3 },
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "logistic", Unit: true, Rank: 5},
}

func logisticOf(p []float64) distuv.Logistic { return distuv.Logistic{Mu: p[0], S: p[1]} }

var logisticLpdfKernel = &library.Kernel{Name: "logistic_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
	Value: logisticLpdf, Partial: logisticPartial, C: `
BAYES_FN bayes_real bayes_logistic_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return -z - BAYES_M(log)(sigma) - 2 * bayes_log1p_exp(-z);
}`}

func init() { register(Logistic) }

// logisticLpdf: with z = (y-μ)/σ, -z - log σ - 2 log1p(exp(-z)), the last
// term as log1p_exp so that neither tail overflows.
func logisticLpdf(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) / sigma
	return -z - math.Log(sigma) - 2*library.Log1pExp(-z)
}

// logisticPartial: z = (y-μ)/σ, t = 1 - 2 inv_logit(z) = d lpdf/dz;
// ∂/∂y = t/σ, ∂/∂μ = -t/σ, ∂/∂σ = -(z t + 1)/σ.
func logisticPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	t := b.Sub(b.Const(1), b.Mul(b.Const(2), b.InvLogit(z)))
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(t, invs))
	case 1:
		return b.Mul(adj, b.Neg(b.Mul(t, invs)))
	}
	return b.Mul(adj, b.Neg(b.Mul(b.Add(b.Mul(z, t), b.Const(1)), invs)))
}
