package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Normal is normal(μ, σ) (Stan Functions Reference, "Normal distribution").
var Normal = &library.Dist{
	Name:    "normal",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    NormalLpdf,
	Lcdf:    normalLcdf,
	Lccdf:   normalLccdf,
	Terms:   normalTerms,
	Rng:     func(r *rand.Rand, p []float64) float64 { return normalOf(p, r).Rand() },
	CDF:     func(x float64, p []float64) float64 { return normalOf(p, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 {
		return normalOf(p, nil).Quantile(u)
	},
	Moments:       func(p []float64) (float64, float64) { return p[0], p[1] * p[1] },
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "std_normal", Rank: 1},
}

// normalTerms: -log σ and -log(2π)/2 (Stan Math normal_lpdf's include_summand).
var normalTerms = []library.Term{
	{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }},
	{F: func(*[library.MaxArgs]float64) float64 { return -library.HalfLog2Pi }},
}

func normalOf(p []float64, r *rand.Rand) distuv.Normal {
	return distuv.Normal{Mu: p[0], Sigma: p[1], Src: source(r)}
}

// source is r as a gonum source; a nil *rand.Rand gives a nil interface,
// which gonum replaces by its global source (only CDFs and quantiles pass nil).
func source(r *rand.Rand) rand.Source {
	if r == nil {
		return nil
	}
	return r
}

// NormalLpdf is normal_lpdf(y | μ, σ), and its companions NormalDmu and
// NormalDsigma its partials in μ and σ as ops of their own: as plain IR
// each would take four or five loops over the data of a regression, and
// the CPU kernel fuses the three (ScalePartials).
var (
	NormalLpdf = &library.Kernel{Name: "normal_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
		Scale:         &library.Scale{Form: library.HalfSquare, C: library.HalfLog2Pi},
		ScalePartials: &library.ScalePartials{Dmu: NormalDmu, Dsigma: NormalDsigma},
		Value:         NormalLpdfValue, Partial: normalPartial, C: `
BAYES_FN bayes_real bayes_normal_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) * (1 / sigma);
	return -BAYES_R(0.5) * z * z - BAYES_M(log)(sigma) - BAYES_HALF_LOG_2PI;
}`}
	NormalDmu = &library.Kernel{Name: "normal_dmu", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
		Scale: &library.Scale{Form: library.ZOverScale},
		Value: NormalDmuValue, Partial: normalDmuPartial, C: `
BAYES_FN bayes_real bayes_normal_dmu(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real inv = 1 / sigma;
	return (y - mu) * inv * inv;
}`}
	NormalDsigma = &library.Kernel{Name: "normal_dsigma", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
		Scale: &library.Scale{Form: library.SquareMinusOne},
		Value: NormalDsigmaValue, Partial: normalDsigmaPartial, C: `
BAYES_FN bayes_real bayes_normal_dsigma(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real inv = 1 / sigma;
	bayes_real z = (y - mu) * inv;
	return (z * z - 1) * inv;
}`}
)

func init() { register(Normal, NormalDmu, NormalDsigma) }

// NormalLpdfValue: -z²/2 - log σ - log(2π)/2, z = (y-μ)/σ.
func NormalLpdfValue(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) * (1 / sigma)
	return -0.5*z*z - math.Log(sigma) - library.HalfLog2Pi
}

// NormalDmuValue is (y-μ)/σ², computed as z·(1/σ) with z = (y-μ)·(1/σ).
func NormalDmuValue(y, mu, sigma, _ float64, _ int) float64 {
	inv := 1 / sigma
	return (y - mu) * inv * inv
}

// NormalDsigmaValue is (z²-1)/σ, z = (y-μ)/σ.
func NormalDsigmaValue(y, mu, sigma, _ float64, _ int) float64 {
	inv := 1 / sigma
	z := (y - mu) * inv
	return (z*z - 1) * inv
}

// normalPartial: with z = (y-μ)/σ, ∂/∂y = -z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z²-1)/σ,
// the companion ops normal_dmu and normal_dsigma.
func normalPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Call(NormalDmu, y, mu, sigma)))
	case 1:
		return b.Mul(adj, b.Call(NormalDmu, y, mu, sigma))
	}
	return b.Mul(adj, b.Call(NormalDsigma, y, mu, sigma))
}

// normalDmuPartial: with r = y-μ, ∂/∂y = 1/σ², ∂/∂μ = -1/σ², ∂/∂σ = -2r/σ³.
func normalDmuPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	sigma := b.Arg(n, 2)
	inv2 := b.Inv(b.Square(sigma))
	switch i {
	case 0:
		return b.Mul(adj, inv2)
	case 1:
		return b.Mul(adj, b.Neg(inv2))
	}
	return b.Mul(adj, b.Div(b.Mul(b.Const(-2), n), sigma))
}

// normalDsigmaPartial: with r = y-μ, ∂/∂y = 2r/σ³, ∂/∂μ = -2r/σ³,
// ∂/∂σ = -3r²/σ⁴ + 1/σ².
func normalDsigmaPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	dmu := b.Call(NormalDmu, y, mu, sigma) // r/σ²
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Mul(b.Const(2), dmu), sigma))
	case 1:
		return b.Mul(adj, b.Div(b.Mul(b.Const(-2), dmu), sigma))
	}
	inv2 := b.Inv(b.Square(sigma))
	return b.Mul(adj, b.Sub(inv2, b.Mul(b.Const(3), b.Square(dmu))))
}
