package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// SkewNormal is skew_normal(ξ, ω, α), location ξ, scale ω and shape α
// (Stan Functions Reference, "Skew normal distribution"; Azzalini 1985):
// density 2/ω φ(z) Φ(α z), z = (y - ξ)/ω.
var SkewNormal = &library.Dist{
	Name: "skew_normal",
	Params: []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive},
		{Name: "shape", Domain: library.Finite}},
	Support: "R",
	Lpdf:    skewNormalLpdfKernel,
	// -log(2π)/2, -log ω (Stan Math skew_normal_lpdf's include_summand)
	Terms: []library.Term{
		{F: func(*[library.MaxArgs]float64) float64 { return -library.HalfLog2Pi }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }}},
	// Azzalini's representation: δ|U| + √(1-δ²) V, δ = α/√(1+α²), U, V
	// standard normal (Azzalini 1985, Proposition 3).
	Rng: func(r *rand.Rand, p []float64) float64 {
		d := p[2] / math.Sqrt(1+p[2]*p[2])
		u, v := r.NormFloat64(), r.NormFloat64()
		return p[0] + p[1]*(d*math.Abs(u)+math.Sqrt(1-d*d)*v)
	},
	CDF:      skewNormalCDF,
	Quantile: skewNormalQuantile,
	Moments: func(p []float64) (float64, float64) {
		d := p[2] / math.Sqrt(1+p[2]*p[2])
		return p[0] + p[1]*d*math.Sqrt(2/math.Pi), p[1] * p[1] * (1 - 2*d*d/math.Pi)
	},
}

// skewNormalCDF is Φ(z) - 2 T(z, α) (Azzalini 1985, eq. 2.6).
func skewNormalCDF(x float64, p []float64) float64 {
	z := (x - p[0]) / p[1]
	return library.Phi(z) - 2*library.OwensT(z, p[2])
}

// skewNormalQuantile inverts the CDF by bisection to the last bit, in a
// bracket around the location that widens until it holds u.
func skewNormalQuantile(u float64, p []float64) float64 {
	if !(u > 0 && u < 1) {
		if u == 0 {
			return math.Inf(-1)
		}
		if u == 1 {
			return math.Inf(1)
		}
		return math.NaN()
	}
	cdf := skewNormalCDF
	lo, hi := p[0]-p[1], p[0]+p[1]
	for cdf(lo, p) > u {
		lo -= 2 * (hi - lo)
	}
	for cdf(hi, p) < u {
		hi += 2 * (hi - lo)
	}
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if cdf(mid, p) < u {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}

var skewNormalLpdfKernel = &library.Kernel{Name: "skew_normal_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Finite},
	Value: skewNormalLpdf, Partial: skewNormalPartial, C: `
BAYES_FN bayes_real bayes_skew_normal_lpdf(bayes_real y, bayes_real xi, bayes_real omega, bayes_real alpha)
{
	bayes_real z = (y - xi) / omega;
	return -BAYES_HALF_LOG_2PI - BAYES_M(log)(omega) - BAYES_R(0.5) * z * z + BAYES_LN2 + bayes_log_phi(alpha * z);
}`}

// skewNormalDlogPhi is d/du log Φ(u) = φ(u)/Φ(u), the companion op of the
// partials.
var skewNormalDlogPhi = &library.Kernel{Name: "skew_normal_dlog_phi", Args: []library.Domain{library.Finite},
	Value: dlogPhi, Partial: dlogPhiPartial, C: `
BAYES_FN bayes_real bayes_skew_normal_dlog_phi(bayes_real u)
{
	return bayes_dlog_phi(u);
}`}

func init() { register(SkewNormal, skewNormalDlogPhi) }

// skewNormalLpdf: -log(2π)/2 - log ω - z²/2 + log 2 + log Φ(α z). (Stan
// writes the last two as log erfc(-α z/√2), which is -Inf below α z =
// -37.5; LogPhi is finite there.)
func skewNormalLpdf(y, xi, omega, alpha float64, _ int) float64 {
	z := (y - xi) / omega
	return -library.HalfLog2Pi - math.Log(omega) - 0.5*z*z + library.Ln2 + library.LogPhi(alpha*z)
}

// dlogPhi is φ(u)/Φ(u).
func dlogPhi(u, _, _, _ float64, _ int) float64 { return library.DlogPhi(u) }

// dlogPhiPartial: with m = φ(u)/Φ(u), m' = -m (u + m).
func dlogPhiPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	return b.Mul(adj, b.Neg(b.Mul(n, b.Add(b.Arg(n, 0), n))))
}

// skewNormalPartial: with z = (y-ξ)/ω and r = φ(αz)/Φ(αz), ∂/∂y = (αr - z)/ω,
// ∂/∂ξ = (z - αr)/ω, ∂/∂ω = (z (z - αr) - 1)/ω, ∂/∂α = r z.
func skewNormalPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, xi, omega, alpha := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	invw := b.Inv(omega)
	z := b.Mul(b.Sub(y, xi), invw)
	r := b.Call(skewNormalDlogPhi, b.Mul(alpha, z))
	ar := b.Mul(alpha, r)
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(b.Sub(ar, z), invw))
	case 1:
		return b.Mul(adj, b.Mul(b.Sub(z, ar), invw))
	case 2:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(z, b.Sub(z, ar)), b.Const(1)), invw))
	}
	return b.Mul(adj, b.Mul(r, z))
}
