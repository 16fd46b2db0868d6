package matrix

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// GpPeriodicCov is gp_periodic_cov, the periodic kernel (Stan Functions
// Reference, "Gaussian process covariance functions", "Periodic kernel";
// MacKay 1998):
//
//	k(x_i, x_j) = σ² exp(-2 sin²(π |x_i - x_j| / p) / l²),
//
// over points x, or x1 and x2, reals or vectors, with σ, l and the period
// p positive.
var GpPeriodicCov = &library.Func{
	Name:      "gp_periodic_cov",
	Doc:       "the periodic covariance matrix σ² exp(-2 sin²(π r/p)/l²)",
	Overloads: periodicOverloads(),
	Sizes:     library.Independent(expQuadSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		const name = "gp_periodic_cov"
		g := splitGP(o, name, a, 3)
		sigma, l, p := g.rest[0], g.rest[1], g.rest[2]
		checkPositive(o, name, "magnitude", sigma)
		checkPositive(o, name, "length scale", l)
		checkPositive(o, name, "period", p)
		s := o.Sin(o.Mul(o.Div(o.Const(math.Pi), p), g.distances(o, name, l)))
		return o.Mul(o.Square(sigma), o.Exp(o.Mul(o.Const(-2), o.Div(o.Square(s), o.Square(l)))))
	},
}

func init() { registerFunc(GpPeriodicCov) }

// periodicOverloads are gp_exp_quad_cov's first four, the arguments
// after the points σ, l and p.
func periodicOverloads() []library.Signature {
	out := expQuadOverloads(false)
	for i := range out {
		out[i].Params = append(append([]library.Arg(nil), out[i].Params...), library.Exact("", library.TypeReal))
	}
	return out
}
