package library

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Multinomial is multinomial(θ): the counts y of N = Σ y_k trials with
// chances θ, a simplex (Stan Functions Reference, "Multinomial
// distribution"); its rng takes N.
var Multinomial = &MvDist{
	Name: "multinomial", Discrete: true,
	Variate: Exact("", TypeInts),
	Params:  []Arg{Exact("chance simplex", TypeVector)},
	Support: "counts",
	Sizes:   sizeGroups(sameSize(SizeLen, 0, 1)),
	Lpdf:    multinomialLpmf,
	Check:   func(a []Tensor) error { return checkSimplex("the chance simplex", a[1].X) },

	RngParams: []Arg{Exact("chance simplex", TypeVector), Exact("total count", TypeInt)}, RngRet: TypeInts,
	RngSizes: independent("the total count is a number of trials, not a size"),
	Rng:      multinomialRng,
}

func init() { registerMv(Multinomial) }

// multinomialLpmf: lgamma(N+1) - Σ lgamma(y_k+1) + Σ y_k log θ_k, with
// 0 log θ = 0; `~` drops the multinomial coefficient, which is the
// outcome's only.
func multinomialLpmf(o Tensors, a []Value, propto bool) Value {
	y, theta := a[0], a[1]
	ys, ok := o.Known(y)
	if !ok {
		o.Fail("bayes cannot compile multinomial with an outcome that is not data yet")
	}
	acc := o.Const(0)
	coef, total := 0.0, 0.0
	for i, c := range ys {
		total += c
		coef -= Lgamma(c + 1)
		if c != 0 {
			acc = o.Add(acc, o.Mul(o.Const(c), o.Log(o.Elem(theta, i))))
		}
	}
	if !propto {
		acc = o.Add(acc, o.Const(coef+Lgamma(total+1)))
	}
	return acc
}

// multinomialRng draws the counts as a chain of binomials: n_k ~
// Binomial(N minus the counts so far, θ_k / the chance left).
func multinomialRng(r *rand.Rand, a []Tensor) (Tensor, error) {
	theta := a[0].X
	if err := checkSimplex("the chance simplex", theta); err != nil {
		return Tensor{}, err
	}
	n := a[1].X[0]
	if n < 0 {
		return Tensor{}, fmt.Errorf("the total count is negative (%d)", int(n))
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
	return Tensor{Dims: []int{len(out)}, X: out}, nil
}
