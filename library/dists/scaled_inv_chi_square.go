package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// ScaledInvChiSquare is scaled_inv_chi_square(ν, s), InvGamma(ν/2, ν s²/2)
// (Stan Functions Reference, "Scaled inverse chi-square distribution").
var ScaledInvChiSquare = &library.Dist{
	Name:    "scaled_inv_chi_square",
	Params:  []library.Param{{Name: "degrees of freedom", Domain: library.Positive}, {Name: "scale", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    scaledInvChiSquareLpdfKernel,
	Lcdf:    scaledInvChiSquareLcdf,
	Lccdf:   scaledInvChiSquareLccdf,
	// (ν/2) log(ν/2) - lgamma(ν/2), ν log s, -(ν/2+1) log y
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { h := 0.5 * x[1]; return h*math.Log(h) - library.Lgamma(h) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return x[1] * math.Log(x[2]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return -(0.5*x[1] + 1) * math.Log(x[0]) }}},
	Rng: func(r *rand.Rand, p []float64) float64 { return invGammaOf(p[0]/2, p[0]*p[1]*p[1]/2, r).Rand() },
	CDF: func(x float64, p []float64) float64 { return invGammaOf(p[0]/2, p[0]*p[1]*p[1]/2, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 {
		return invGammaOf(p[0]/2, p[0]*p[1]*p[1]/2, nil).Quantile(u)
	},
	Moments: func(p []float64) (float64, float64) {
		n, s2 := p[0], p[1]*p[1]
		return n * s2 / (n - 2), 2 * n * n * s2 * s2 / ((n - 2) * (n - 2) * (n - 4))
	},
}

var scaledInvChiSquareLpdfKernel = &library.Kernel{Name: "scaled_inv_chi_square_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: scaledInvChiSquareLpdf, Partial: scaledInvChiSquarePartial, C: `
BAYES_FN bayes_real bayes_scaled_inv_chi_square_lpdf(bayes_real y, bayes_real nu, bayes_real s)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return h * BAYES_M(log)(h) - BAYES_M(lgamma)(h) + nu * BAYES_M(log)(s) - (h + 1) * BAYES_M(log)(y) - h * s * s / y;
}`}

func init() { register(ScaledInvChiSquare) }

// scaledInvChiSquareLpdf: (ν/2) log(ν/2) - lgamma(ν/2) + ν log s
// - (ν/2+1) log y - ν s²/(2y), y > 0.
func scaledInvChiSquareLpdf(y, nu, s, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return h*math.Log(h) - library.Lgamma(h) + nu*math.Log(s) - (h+1)*math.Log(y) - h*s*s/y
}

// scaledInvChiSquarePartial: ∂/∂y = (ν s²/(2y) - ν/2 - 1)/y,
// ∂/∂ν = (log(ν/2) + 1 - ψ(ν/2) - log y - s²/y)/2 + log s,
// ∂/∂s = ν/s - ν s/y.
func scaledInvChiSquarePartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, nu, s := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	half, one := b.Const(0.5), b.Const(1)
	h := b.Mul(half, nu)
	s2y := b.Div(b.Square(s), y)
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Mul(h, s2y), b.Add(h, one)), y))
	case 1:
		t := b.Sub(b.Add(b.Log(h), one), b.Digamma(h))
		t = b.Sub(t, b.Add(b.Log(y), s2y))
		return b.Mul(adj, b.Add(b.Mul(half, t), b.Log(s)))
	}
	return b.Mul(adj, b.Mul(nu, b.Sub(b.Inv(s), b.Div(s, y))))
}
