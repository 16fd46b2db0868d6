package library

import (
	"math"
	"math/rand/v2"
)

// CategoricalLogit is categorical_logit(β) = categorical(softmax(β)) (Stan
// Functions Reference, "Categorical distribution").
var CategoricalLogit = &MvDist{
	Name: "categorical_logit", Discrete: true,
	Variate: Arg{Class: ClassInts},
	Params:  []Arg{Exact("log odds", TypeVector)},
	Support: "1:K",
	Sizes:   independent(categories),
	Lpdf:    categoricalLogitLpmf,

	RngParams: []Arg{Exact("log odds", TypeVector)}, RngRet: TypeInt,
	RngSizes: independent(oneArg),
	Rng: func(r *rand.Rand, a []Tensor) (Tensor, error) {
		return Scalar(float64(drawIndex(r, Softmax(a[0].X)))), nil
	},
}

func init() { registerMv(CategoricalLogit) }

// categoricalLogitLpmf: Σ_i β[y_i] - N log_sum_exp(β), N outcomes.
func categoricalLogitLpmf(o Tensors, a []Value, _ bool) Value {
	beta := a[1]
	k := numElems(o.Dims(beta))
	ys := outcomes(o, "categorical_logit", a[0], k)
	acc := o.Mul(o.Const(-float64(len(ys))), o.LogSumExp(beta))
	counts := make([]int, k+1)
	for _, y := range ys {
		counts[y]++
	}
	for j := 1; j <= k; j++ {
		if counts[j] > 0 {
			acc = o.Add(acc, o.Mul(o.Const(float64(counts[j])), o.Elem(beta, j-1)))
		}
	}
	return acc
}

// Softmax is exp(x_i - max x) / Σ_j exp(x_j - max x), the chances of the
// log odds x.
func Softmax(x []float64) []float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	out := make([]float64, len(x))
	s := 0.0
	for i, v := range x {
		out[i] = math.Exp(v - mx)
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
	return out
}
