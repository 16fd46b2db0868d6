package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// StudentT is student_t(ν, μ, σ) (Stan Functions Reference, "Student-t
// distribution").
var StudentT = &library.Dist{
	Name: "student_t",
	Params: []library.Param{{Name: "degrees of freedom", Domain: library.Positive}, {Name: "location", Domain: library.Finite},
		{Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    studentTLpdfKernel,
	Lcdf:    studentTLcdf,
	Lccdf:   studentTLccdf,
	// lgamma((ν+1)/2) - lgamma(ν/2) - log(ν)/2, -log(π)/2, -log σ
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 {
			nu := x[1]
			return library.Lgamma((nu+1)/2) - library.Lgamma(nu/2) - 0.5*math.Log(nu)
		}},
		{F: func(*[library.MaxArgs]float64) float64 { return -0.5 * library.LogPi }},
		{Deps: 1 << 3, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[3]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return studentTOf(p, r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return studentTOf(p, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return studentTOf(p, nil).Quantile(u) },
	Moments:  func(p []float64) (float64, float64) { return p[1], p[2] * p[2] * p[0] / (p[0] - 2) },
	LocationScale: &library.LocationScale{Loc: 1, Scale: 2, Std: "student_t", Keep: []int{0}, Unit: true,
		Rank: 2},
}

func studentTOf(p []float64, r *rand.Rand) distuv.StudentsT {
	return distuv.StudentsT{Nu: p[0], Mu: p[1], Sigma: p[2], Src: source(r)}
}

var studentTLpdfKernel = &library.Kernel{Name: "student_t_lpdf", Args: []library.Domain{library.AnyReal, library.Positive, library.Finite, library.Positive},
	Value: studentTLpdf, Partial: studentTPartial, C: `
BAYES_FN bayes_real bayes_student_t_lpdf(bayes_real y, bayes_real nu, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return BAYES_M(lgamma)((nu + 1) / 2) - BAYES_M(lgamma)(nu / 2) - BAYES_R(0.5) * BAYES_M(log)(nu * BAYES_PI) - BAYES_M(log)(sigma) -
	       (nu + 1) / 2 * BAYES_M(log1p)(z * z / nu);
}`}

func init() { register(StudentT) }

// studentTLpdf (gonum distuv.StudentsT doc):
// lgamma((ν+1)/2) - lgamma(ν/2) - log(νπ)/2 - log σ - (ν+1)/2 log1p(z²/ν).
func studentTLpdf(y, nu, mu, sigma float64, _ int) float64 {
	z := (y - mu) / sigma
	return library.Lgamma((nu+1)/2) - library.Lgamma(nu/2) - 0.5*math.Log(nu*math.Pi) - math.Log(sigma) -
		(nu+1)/2*math.Log1p(z*z/nu)
}

// studentTPartial: r = (ν+1)/(ν+z²); ∂/∂y = -rz/σ, ∂/∂μ = rz/σ,
// ∂/∂σ = (r z² - 1)/σ, ∂/∂ν = (ψ((ν+1)/2) - ψ(ν/2))/2 - 1/(2ν)
// - log1p(z²/ν)/2 + r z²/(2ν).
func studentTPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, nu, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	z2 := b.Square(z)
	nu1 := b.Add(nu, b.Const(1))
	r := b.Div(nu1, b.Add(nu, z2))
	half := b.Const(0.5)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Mul(b.Mul(r, z), invs)))
	case 2:
		return b.Mul(adj, b.Mul(b.Mul(r, z), invs))
	case 3:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(r, z2), b.Const(1)), invs))
	}
	dig := b.Sub(b.Digamma(b.Mul(half, nu1)), b.Digamma(b.Mul(half, nu)))
	t := b.Sub(b.Mul(half, dig), b.Div(half, nu))
	t = b.Sub(t, b.Mul(half, b.Log1p(b.Div(z2, nu))))
	t = b.Add(t, b.Div(b.Mul(half, b.Mul(r, z2)), nu))
	return b.Mul(adj, t)
}
