package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// VonMises is von_mises(μ, κ), location μ and concentration κ (Stan
// Functions Reference, "Von Mises distribution"): density
// exp(κ cos(y - μ)) / (2π I_0(κ)), a circular density, periodic in y.
// Its CDF (von_mises_cdf.go) is Stan's, on [-π, π].
var VonMises = &library.Dist{
	Name:    "von_mises",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    vonMisesLpdfKernel,
	// -log(2π), -log I_0(κ) (Stan Math von_mises_lpdf's include_summand)
	Terms: []library.Term{
		{F: func(*[library.MaxArgs]float64) float64 { return -math.Log(2 * math.Pi) }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -library.LogBesselI(0, x[2]) }}},
	Rng:      vonMisesRng,
	CDF:      vonMisesCDF,
	Quantile: vonMisesQuantile,
}

var vonMisesLpdfKernel = &library.Kernel{Name: "von_mises_lpdf", Args: []library.Domain{library.Finite, library.Finite, library.Positive},
	Value: vonMisesLpdf, Partial: vonMisesPartial, C: `
BAYES_FN bayes_real bayes_von_mises_lpdf(bayes_real y, bayes_real mu, bayes_real kappa)
{
	return kappa * BAYES_M(cos)(y - mu) - BAYES_M(log)(2 * BAYES_PI) - bayes_log_bessel_i(0, kappa);
}`}

// vonMisesBesselRatio is I_1(κ)/I_0(κ), the derivative of log I_0(κ), the
// companion op of the partial in κ.
var vonMisesBesselRatio = &library.Kernel{Name: "von_mises_bessel_ratio", Args: []library.Domain{library.Positive},
	Value: besselRatio, Partial: besselRatioPartial, C: `
BAYES_FN bayes_real bayes_von_mises_bessel_ratio(bayes_real kappa)
{
	return BAYES_M(exp)(bayes_log_bessel_i(1, kappa) - bayes_log_bessel_i(0, kappa));
}`}

// vonMisesLpdf: κ cos(y - μ) - log(2π) - log I_0(κ).
func vonMisesLpdf(y, mu, kappa, _ float64, _ int) float64 {
	return kappa*math.Cos(y-mu) - math.Log(2*math.Pi) - library.LogBesselI(0, kappa)
}

// besselRatio is R(κ) = I_1(κ)/I_0(κ).
func besselRatio(kappa, _, _, _ float64, _ int) float64 {
	return math.Exp(library.LogBesselI(1, kappa) - library.LogBesselI(0, kappa))
}

// besselRatioPartial: with I_0' = I_1 and I_1' = I_0 - I_1/κ (DLMF
// 10.29.2), R' = 1 - R/κ - R².
func besselRatioPartial(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
	k := b.Arg(n, 0)
	return b.Mul(adj, b.Sub(b.Sub(b.Const(1), b.Div(n, k)), b.Square(n)))
}

// vonMisesPartial: ∂/∂y = -κ sin(y - μ), ∂/∂μ = κ sin(y - μ),
// ∂/∂κ = cos(y - μ) - I_1(κ)/I_0(κ).
func vonMisesPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, kappa := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	d := b.Sub(y, mu)
	if i == 2 {
		return b.Mul(adj, b.Sub(b.Call(vonMisesCos, d), b.Call(vonMisesBesselRatio, kappa)))
	}
	s := b.Mul(kappa, b.Call(vonMisesSin, d))
	if i == 0 {
		s = b.Neg(s)
	}
	return b.Mul(adj, s)
}

// vonMisesRng is Best & Fisher's rejection sampler (Best and Fisher 1979,
// "Efficient simulation of the von Mises distribution", Applied
// Statistics 28), as Stan Math's von_mises_rng: a draw in
// [m - π, m + π], m = fmod(μ, 2π); below κ = 1.4e-8, a uniform angle.
func vonMisesRng(r *rand.Rand, p []float64) float64 {
	mu, kappa := p[0], p[1]
	m := math.Mod(mu, 2*math.Pi)
	if kappa < 1.4e-8 {
		return m + math.Pi*(2*r.Float64()-1)
	}
	rr := 1 + math.Sqrt(1+4*kappa*kappa)
	rho := 0.5 * (rr - math.Sqrt(2*rr)) / kappa
	s := 0.5 * (1 + rho*rho) / rho
	var w float64
	for {
		z := math.Cos(math.Pi * r.Float64())
		w = (1 + s*z) / (s + z)
		y := kappa * (s - w)
		u := r.Float64()
		if y*(2-y)-u > 0 || math.Log(y/u)+1-y >= 0 {
			break
		}
	}
	w = math.Max(-1, math.Min(1, w))
	if r.Float64() < 0.5 {
		return m - math.Acos(w)
	}
	return m + math.Acos(w)
}

// vonMisesSin and vonMisesCos are sin and cos as ops, for the partials
// (the Builder has no trigonometry); each is the other's derivative.
var vonMisesSin, vonMisesCos *library.Kernel

func init() {
	vonMisesSin = &library.Kernel{Name: "von_mises_sin", Args: []library.Domain{library.Finite},
		Value: func(u, _, _, _ float64, _ int) float64 { return math.Sin(u) },
		Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
			return b.Mul(adj, b.Call(vonMisesCos, b.Arg(n, 0)))
		}, C: `
BAYES_FN bayes_real bayes_von_mises_sin(bayes_real u)
{
	return BAYES_M(sin)(u);
}`}
	vonMisesCos = &library.Kernel{Name: "von_mises_cos", Args: []library.Domain{library.Finite},
		Value: func(u, _, _, _ float64, _ int) float64 { return math.Cos(u) },
		Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
			return b.Mul(adj, b.Neg(b.Call(vonMisesSin, b.Arg(n, 0))))
		}, C: `
BAYES_FN bayes_real bayes_von_mises_cos(bayes_real u)
{
	return BAYES_M(cos)(u);
}`}
	register(VonMises, vonMisesBesselRatio, vonMisesSin, vonMisesCos)
}
