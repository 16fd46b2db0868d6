package mvdists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Categorical is categorical(θ): outcome k in 1:K with chance θ_k, θ a
// simplex (Stan Functions Reference, "Categorical distribution").
var Categorical = &library.MvDist{
	Name: "categorical", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params:  []library.Arg{library.Exact("chance simplex", library.TypeVector)},
	Support: "1:K",
	Sizes:   library.Independent(categories),
	Lpdf:    categoricalLpmf,
	Check:   func(a []library.Tensor) error { return checkSimplex("the chance simplex", a[1].X) },

	RngParams: []library.Arg{library.Exact("chance simplex", library.TypeVector)}, RngRet: library.TypeInt,
	RngSizes: library.Independent(library.OneArg),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		if err := checkSimplex("the chance simplex", a[0].X); err != nil {
			return library.Tensor{}, err
		}
		return library.Scalar(float64(drawIndex(r, a[0].X))), nil
	},
}

func init() { registerMv(Categorical) }

// categories is why a categorical density relates no sizes.
const categories = "the outcomes are categories in 1:K of the K chances, checked as values where the density is computed"

// categoricalLpmf: Σ_i log θ[y_i] = Σ_k c_k log θ_k, c_k the number of
// outcomes equal to k.
func categoricalLpmf(o library.Tensors, a []library.Value, _ bool) library.Value {
	theta := a[1]
	k := library.NumElems(o.Dims(theta))
	counts := make([]int, k+1)
	for _, y := range outcomes(o, "categorical", a[0], k) {
		counts[y]++
	}
	acc := o.Const(0)
	for j := 1; j <= k; j++ {
		if counts[j] > 0 {
			acc = o.Add(acc, o.Mul(o.Const(float64(counts[j])), o.Log(o.Elem(theta, j-1))))
		}
	}
	return acc
}

// outcomes are the int outcomes y of a density over the categories 1..k,
// which must be known: the formulas sum over them when they are built.
func outcomes(o library.Tensors, name string, y library.Value, k int) []int {
	ys, ok := o.Known(y)
	if !ok {
		o.Fail("bayes cannot compile %s with an outcome that is not data yet", name)
	}
	out := make([]int, len(ys))
	for i, v := range ys {
		if v < 1 || v > float64(k) || v != math.Trunc(v) {
			o.Fail("%s: outcome %v at position %d outside 1:%d", name, v, i+1, k)
		}
		out[i] = int(v)
	}
	return out
}

// drawIndex draws k in 1..K with chances theta (inverse CDF on the
// cumulative sums).
func drawIndex(r *rand.Rand, theta []float64) int {
	u := r.Float64()
	c := 0.0
	for k, p := range theta {
		c += p
		if u < c {
			return k + 1
		}
	}
	return len(theta)
}
