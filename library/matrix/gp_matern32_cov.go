package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// GpMatern32Cov is gp_matern32_cov, the Matérn kernel with ν = 3/2 (Stan
// Functions Reference, "Gaussian process covariance functions", "Matern
// 3/2 kernel"; Rasmussen & Williams 2006, eq. 4.17):
//
//	k(x_i, x_j) = σ² (1 + √3 r/l) exp(-√3 r/l),  r = |x_i - x_j|,
//
// with gp_exp_quad_cov's overloads.
var GpMatern32Cov = &library.Func{
	Name:      "gp_matern32_cov",
	Doc:       "the Matérn 3/2 covariance matrix σ² (1 + √3 r/l) exp(-√3 r/l)",
	Overloads: expQuadOverloads(true),
	Sizes:     library.Independent(expQuadSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		s := maternScaled(o, "gp_matern32_cov", a, 3)
		return o.Mul(o.Square(a[len(a)-2]), o.Mul(o.Add(o.Const(1), s), o.Exp(o.Neg(s))))
	},
}

func init() { registerFunc(GpMatern32Cov) }
