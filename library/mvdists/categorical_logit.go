package mvdists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// CategoricalLogit is categorical_logit(β) = categorical(softmax(β)) (Stan
// Functions Reference, "Categorical distribution").
var CategoricalLogit = &library.MvDist{
	Name: "categorical_logit", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params:  []library.Arg{library.Exact("log odds", library.TypeVector)},
	Support: "1:K",
	Sizes:   library.Independent(categories),
	Lpdf:    categoricalLogitLpmf,

	RngParams: []library.Arg{library.Exact("log odds", library.TypeVector)}, RngRet: library.TypeInt,
	RngSizes: library.Independent(library.OneArg),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		return library.Scalar(float64(drawIndex(r, Softmax(a[0].X)))), nil
	},
}

func init() { registerMv(CategoricalLogit) }

// categoricalLogitLpmf: Σ_i β[y_i] - N log_sum_exp(β), N outcomes.
func categoricalLogitLpmf(o library.Tensors, a []library.Value, _ bool) library.Value {
	beta := a[1]
	k := library.NumElems(o.Dims(beta))
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
