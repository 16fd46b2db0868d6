package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// CovExpQuad is cov_exp_quad(x, α, ρ), the older name of gp_exp_quad_cov
// (Stan Functions Reference 2.18, "Covariance functions"; deprecated, then
// removed from Stan, but posteriordb's programs still call it), without
// the array of length scales.
var CovExpQuad = &library.Func{
	Name:      "cov_exp_quad",
	Doc:       "the exponentiated quadratic covariance matrix (the older name of gp_exp_quad_cov)",
	Overloads: expQuadOverloads(false),
	Sizes:     library.Independent(expQuadSizes),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return expQuadCov(o, "cov_exp_quad", a) },
}

func init() { registerFunc(CovExpQuad) }
