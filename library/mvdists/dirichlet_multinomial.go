package mvdists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// DirichletMultinomial is dirichlet_multinomial(α): the counts y of N =
// Σ y_k trials with chances θ ~ dirichlet(α) integrated out (Stan
// Functions Reference, "Dirichlet-multinomial distribution"):
//
//	log N + lbeta(α₀, N) - Σ_{k: y_k > 0} (log y_k + lbeta(α_k, y_k)), α₀ = Σ α_k,
//
// and 0 when N = 0 (Stan Math dirichlet_multinomial_lpmf). `~` drops
// log N - Σ log y_k, the outcome's only, and everything when α is data.
// Its rng takes N.
var DirichletMultinomial = &library.MvDist{
	Name: "dirichlet_multinomial", Discrete: true,
	Variate: library.Exact("", library.TypeInts),
	Params:  []library.Arg{library.Exact("prior counts", library.TypeVector)},
	Support: "counts",
	Sizes:   library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		y, alpha := a[0], a[1]
		ys, ok := o.Known(y)
		if !ok {
			o.Fail("bayes cannot compile dirichlet_multinomial with an outcome that is not data yet")
		}
		checkKnown(o, "dirichlet_multinomial", "the count", "a non-negative int", y, library.Count.OK)
		checkKnown(o, "dirichlet_multinomial", "the prior count", "positive and finite", alpha, library.Positive.OK)
		total, logs := 0.0, 0.0
		for _, c := range ys {
			total += c
			if c > 0 {
				logs += math.Log(c)
			}
		}
		if total == 0 || propto && o.Data(alpha) {
			return o.Const(0)
		}
		acc := o.Lbeta(o.Sum(alpha), o.Const(total))
		for i, c := range ys {
			if c > 0 {
				acc = o.Sub(acc, o.Lbeta(o.Elem(alpha, i), o.Const(c)))
			}
		}
		if !propto {
			acc = o.Add(acc, o.Const(math.Log(total)-logs))
		}
		return acc
	},
	Check: func(a []library.Tensor) error { return checkPriorCounts(a[1].X) },

	RngParams: []library.Arg{library.Exact("prior counts", library.TypeVector), library.Exact("total count", library.TypeInt)}, RngRet: library.TypeInts,
	RngSizes: library.Independent("the total count is a number of trials, not a size"),
	// θ ~ dirichlet(α), then the counts ~ multinomial(θ)
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		theta, err := dirichletRng(r, a[:1])
		if err != nil {
			return library.Tensor{}, err
		}
		return multinomialRng(r, []library.Tensor{theta, a[1]})
	},
}

func init() { registerMv(DirichletMultinomial) }
