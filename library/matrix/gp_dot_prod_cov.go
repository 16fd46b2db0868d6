package matrix

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// GpDotProdCov is gp_dot_prod_cov, the dot product kernel (Stan Functions
// Reference, "Gaussian process covariance functions", "Dot product
// kernel"):
//
//	k(x_i, x_j) = σ² + x_i · x_j,
//
// over points x, or x1 and x2, reals or vectors, σ >= 0 (Stan's
// check_nonnegative).
var GpDotProdCov = &library.Func{
	Name:      "gp_dot_prod_cov",
	Doc:       "the dot product covariance matrix σ² + x_i · x_j",
	Overloads: dotProdOverloads(),
	Sizes:     library.Independent(expQuadSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		const name = "gp_dot_prod_cov"
		g := splitGP(o, name, a, 1)
		sigma := g.rest[0]
		if xs, ok := o.Known(sigma); ok && !(xs[0] >= 0) || ok && math.IsInf(xs[0], 0) {
			o.Fail("%s: sigma is %g, but must be non-negative and finite", name, xs[0])
		}
		s2 := o.Square(sigma)
		dot := func(i, j, d int) library.Value {
			s := o.Mul(o.Elem(g.x1, i*d), o.Elem(g.x2, j*d))
			for k := 1; k < d; k++ {
				s = o.Add(s, o.Mul(o.Elem(g.x1, i*d+k), o.Elem(g.x2, j*d+k)))
			}
			return o.Add(s2, s)
		}
		return g.pairs(o, name, nil, dot)
	},
}

func init() { registerFunc(GpDotProdCov) }

// dotProdOverloads are gp_exp_quad_cov's first four, without the length
// scale.
func dotProdOverloads() []library.Signature {
	out := expQuadOverloads(false)
	for i := range out {
		out[i].Params = out[i].Params[:len(out[i].Params)-1]
	}
	return out
}
