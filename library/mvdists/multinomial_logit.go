package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// MultinomialLogit is multinomial_logit(γ) = multinomial(softmax(γ)): the
// counts y of N = Σ y_k trials with log odds γ (Stan Functions Reference,
// "Multinomial distribution, logit parameterization"): lgamma(N+1) -
// Σ lgamma(y_k+1) + Σ y_k γ_k - N log_sum_exp(γ); `~` drops the
// multinomial coefficient, the outcome's only. Its rng takes N.
var MultinomialLogit = &library.MvDist{
	Name: "multinomial_logit", Discrete: true,
	Variate: library.Exact("", library.TypeInts),
	Params:  []library.Arg{library.Exact("log odds", library.TypeVector)},
	Support: "counts",
	Sizes:   library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		y, gamma := a[0], a[1]
		ys, ok := o.Known(y)
		if !ok {
			o.Fail("bayes cannot compile multinomial_logit with an outcome that is not data yet")
		}
		checkKnown(o, "multinomial_logit", "the count", "a non-negative int", y, library.Count.OK)
		coef, total := 0.0, 0.0
		for _, c := range ys {
			total += c
			coef -= library.Lgamma(c + 1)
		}
		acc := o.Neg(o.Mul(o.Const(total), o.LogSumExp(gamma)))
		for i, c := range ys {
			if c != 0 {
				acc = o.Add(acc, o.Mul(o.Const(c), o.Elem(gamma, i)))
			}
		}
		if !propto {
			acc = o.Add(acc, o.Const(coef+library.Lgamma(total+1)))
		}
		return acc
	},

	RngParams: []library.Arg{library.Exact("log odds", library.TypeVector), library.Exact("total count", library.TypeInt)}, RngRet: library.TypeInts,
	RngSizes: library.Independent("the total count is a number of trials, not a size"),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		if err := checkFinite("multinomial_logit_rng", "log odds", a[0].X); err != nil {
			return library.Tensor{}, err
		}
		return multinomialRng(r, []library.Tensor{library.Tensor{Dims: a[0].Dims, X: Softmax(a[0].X)}, a[1]})
	},
}

func init() { registerMv(MultinomialLogit) }
