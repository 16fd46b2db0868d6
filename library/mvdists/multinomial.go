package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Multinomial is multinomial(θ): the counts y of N = Σ y_k trials with
// chances θ, a simplex (Stan Functions Reference, "Multinomial
// distribution"); its rng takes N.
var Multinomial = &library.MvDist{
	Name: "multinomial", Discrete: true,
	Variate: library.Exact("", library.TypeInts),
	Params:  []library.Arg{library.Exact("chance simplex", library.TypeVector)},
	Support: "counts",
	Sizes:   library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Lpdf:    multinomialLpmf,
	Check:   func(a []library.Tensor) error { return checkSimplex("the chance simplex", a[1].X) },

	RngParams: []library.Arg{library.Exact("chance simplex", library.TypeVector), library.Exact("total count", library.TypeInt)}, RngRet: library.TypeInts,
	RngSizes: library.Independent("the total count is a number of trials, not a size"),
	Rng:      multinomialRng,
}

func init() { registerMv(Multinomial) }

// multinomialLpmf: lgamma(N+1) - Σ lgamma(y_k+1) + Σ y_k log θ_k, with
// 0 log θ = 0; `~` drops the multinomial coefficient, which is the
// outcome's only.
func multinomialLpmf(o library.Tensors, a []library.Value, propto bool) library.Value {
	y, theta := a[0], a[1]
	ys, ok := o.Known(y)
	if !ok {
		o.Fail("bayes cannot compile multinomial with an outcome that is not data yet")
	}
	acc := o.Const(0)
	coef, total := 0.0, 0.0
	for i, c := range ys {
		total += c
		coef -= library.Lgamma(c + 1)
		if c != 0 {
			acc = o.Add(acc, o.Mul(o.Const(c), o.Log(o.Elem(theta, i))))
		}
	}
	if !propto {
		acc = o.Add(acc, o.Const(coef+library.Lgamma(total+1)))
	}
	return acc
}

// multinomialRng draws the counts as a chain of binomials: n_k ~
// Binomial(N minus the counts so far, θ_k / the chance left).
func multinomialRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	theta := a[0].X
	if err := checkSimplex("the chance simplex", theta); err != nil {
		return library.Tensor{}, err
	}
	n := a[1].X[0]
	if n < 0 {
		return library.Tensor{}, fmt.Errorf("the total count is negative (%d)", int(n))
	}
	out := make([]float64, len(theta))
	left, mass := n, 1.0
	for k, p := range theta {
		if left <= 0 {
			break
		}
		if k == len(theta)-1 || mass <= 0 {
			out[k] = left
			break
		}
		q := math.Min(1, math.Max(0, p/mass))
		c := distuv.Binomial{N: left, P: q, Src: r}.Rand()
		out[k] = float64(int(c))
		left -= c
		mass -= p
	}
	return library.Tensor{Dims: []int{len(out)}, X: out}, nil
}
