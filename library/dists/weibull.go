package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Weibull is weibull(α, σ), shape α and scale σ (Stan Functions Reference,
// "Weibull distribution").
var Weibull = &library.Dist{
	Name:    "weibull",
	Params:  []library.Param{{Name: "shape", Domain: library.Positive}, {Name: "scale", Domain: library.Positive}},
	Support: "[0, inf)",
	Lpdf:    weibullLpdfKernel,
	Lcdf:    weibullLcdf,
	Lccdf:   weibullLccdf,
	// log α, (α-1) log y, -α log σ
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[1]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return (x[1] - 1) * math.Log(x[0]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return -x[1] * math.Log(x[2]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1], Src: r}.Rand() },
	CDF:      func(x float64, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1]}.CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1]}.Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		g1, g2 := math.Gamma(1+1/p[0]), math.Gamma(1+2/p[0])
		return p[1] * g1, p[1] * p[1] * (g2 - g1*g1)
	},
}

var weibullLpdfKernel = &library.Kernel{Name: "weibull_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: weibullLpdf, Partial: weibullPartial, C: `
BAYES_FN bayes_real bayes_weibull_lpdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y < 0) return -BAYES_INF;
	return BAYES_M(log)(alpha) + (alpha - 1) * BAYES_M(log)(y) - alpha * BAYES_M(log)(sigma) - BAYES_M(pow)(y / sigma, alpha);
}`}

func init() { register(Weibull) }

// weibullLpdf (shape α, scale σ): log α + (α-1) log y - α log σ - (y/σ)^α, y >= 0.
func weibullLpdf(y, alpha, sigma, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return math.Log(alpha) + (alpha-1)*math.Log(y) - alpha*math.Log(sigma) - math.Pow(y/sigma, alpha)
}

// weibullPartial: with p = (y/σ)^α, ∂/∂y = (α-1-α p)/y,
// ∂/∂α = 1/α + (1-p) log(y/σ), ∂/∂σ = α(p-1)/σ.
func weibullPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, s := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	ratio := b.Div(y, s)
	p := b.Pow(ratio, a)
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Sub(a, one), b.Mul(a, p)), y))
	case 1:
		return b.Mul(adj, b.Add(b.Inv(a), b.Mul(b.Sub(one, p), b.Log(ratio))))
	}
	return b.Mul(adj, b.Div(b.Mul(a, b.Sub(p, one)), s))
}
