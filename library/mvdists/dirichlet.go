package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Dirichlet is dirichlet(α): a simplex θ with density
// Γ(Σ α_k) / Π Γ(α_k) Π θ_k^(α_k - 1) (Stan Functions Reference,
// "Dirichlet distribution"). It is the prior a simplex is drawn from.
var Dirichlet = &library.MvDist{
	Name:    "dirichlet",
	Variate: library.Exact("", library.TypeVector),
	Params:  []library.Arg{library.Exact("prior counts", library.TypeVector)},
	Support: "simplex",
	Sizes:   library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Lpdf:    dirichletLpdf,
	Check: func(a []library.Tensor) error {
		if err := checkSimplex("the outcome", a[0].X); err != nil {
			return err
		}
		return checkPriorCounts(a[1].X)
	},

	RngParams: []library.Arg{library.Exact("prior counts", library.TypeVector)}, RngRet: library.TypeVector,
	RngSizes: library.Independent(library.OneArg),
	Rng:      dirichletRng,

	Generates: &library.Generates{Type: "simplex", Why: "a simplex needs a dirichlet prior"},
}

func init() { registerMv(Dirichlet) }

// dirichletLpdf: Σ (α_k - 1) log θ_k + lgamma(Σ α) - Σ lgamma(α_k); `~`
// drops the lgamma terms when α is data.
func dirichletLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	theta, alpha := a[0], a[1]
	lp := o.Sum(o.Mul(o.Sub(alpha, o.Const(1)), o.Log(theta)))
	if propto && o.Data(alpha) {
		return lp
	}
	norm := o.Sub(o.Lgamma(o.Sum(alpha)), o.Sum(o.Lgamma(alpha)))
	return o.Add(lp, norm)
}

func checkPriorCounts(alpha []float64) error {
	for _, a := range alpha {
		if !(a > 0) || math.IsInf(a, 1) {
			return fmt.Errorf("the prior counts must be positive and finite; found %g", a)
		}
	}
	return nil
}

// dirichletRng normalises independent Gamma(α_k, 1) draws (Devroye 1986,
// "Non-Uniform Random Variate Generation", XI.4).
func dirichletRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	alpha := a[0].X
	if err := checkPriorCounts(alpha); err != nil {
		return library.Tensor{}, err
	}
	out := make([]float64, len(alpha))
	s := 0.0
	for i, x := range alpha {
		out[i] = distuv.Gamma{Alpha: x, Beta: 1, Src: r}.Rand()
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
	return library.Tensor{Dims: []int{len(out)}, X: out}, nil
}
