package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// GpExponentialCov is gp_exponential_cov, the exponential kernel, Matérn
// with ν = 1/2 (Stan Functions Reference, "Gaussian process covariance
// functions", "Exponential kernel"):
//
//	k(x_i, x_j) = σ² exp(-|x_i - x_j| / l),
//
// with gp_exp_quad_cov's overloads (points x, or x1 and x2, reals or
// vectors; one length scale, or one per dimension).
var GpExponentialCov = &library.Func{
	Name:      "gp_exponential_cov",
	Doc:       "the exponential (Matérn 1/2) covariance matrix σ² exp(-r/l)",
	Overloads: expQuadOverloads(true),
	Sizes:     library.Independent(expQuadSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		s := maternScaled(o, "gp_exponential_cov", a, 1)
		return o.Mul(o.Square(a[len(a)-2]), o.Exp(o.Neg(s)))
	},
}

func init() { registerFunc(GpExponentialCov) }

// maternScaled checks a Matérn kernel's call (σ > 0, l > 0, points not
// NaN) and returns √c r/l, the scaled distances times √c.
func maternScaled(o library.Tensors, name string, a []library.Value, c float64) library.Value {
	g := splitGP(o, name, a, 2)
	sigma, l := g.rest[0], g.rest[1]
	checkPositive(o, name, "magnitude", sigma)
	checkPositive(o, name, "length scale", l)
	r := g.scaledDistances(o, name, l)
	if c != 1 {
		r = o.Mul(o.Sqrt(o.Const(c)), r)
	}
	return r
}
