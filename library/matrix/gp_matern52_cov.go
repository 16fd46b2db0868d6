package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// GpMatern52Cov is gp_matern52_cov, the Matérn kernel with ν = 5/2 (Stan
// Functions Reference, "Gaussian process covariance functions", "Matern
// 5/2 kernel"; Rasmussen & Williams 2006, eq. 4.17):
//
//	k(x_i, x_j) = σ² (1 + √5 r/l + 5r²/(3l²)) exp(-√5 r/l),  r = |x_i - x_j|,
//
// written in s = √5 r/l as σ² (1 + s + s²/3) e^-s, with gp_exp_quad_cov's
// overloads.
var GpMatern52Cov = &library.Func{
	Name:      "gp_matern52_cov",
	Doc:       "the Matérn 5/2 covariance matrix σ² (1 + √5 r/l + 5r²/3l²) exp(-√5 r/l)",
	Overloads: expQuadOverloads(true),
	Sizes:     library.Independent(expQuadSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		s := maternScaled(o, "gp_matern52_cov", a, 5)
		poly := o.Add(o.Add(o.Const(1), s), o.Div(o.Square(s), o.Const(3)))
		return o.Mul(o.Square(a[len(a)-2]), o.Mul(poly, o.Exp(o.Neg(s))))
	},
}

func init() { registerFunc(GpMatern52Cov) }
