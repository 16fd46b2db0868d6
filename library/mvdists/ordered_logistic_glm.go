package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// OrderedLogisticGlm is ordered_logistic_glm(x, β, c), ordinal regression:
// y_i ~ ordered_logistic(x_i β, c) for each row x_i of the design matrix x,
// K-1 ordered cutpoints c (Stan Functions Reference, "Ordered logistic
// generalized linear model (ordinal regression)"). Its density is built
// as `y ~ ordered_logistic(x * beta, c)` is, the same IR op for op: the
// matrix-vector product of data x, then ordered_logistic's three vector
// expressions over the outcomes grouped by case, whose size does not grow
// with the number of rows; one outcome is shared by every row. `~` drops
// nothing. Stan has no
// ordered_logistic_glm_rng; the rng here draws the outcomes of prior
// predictive sampling only.
var OrderedLogisticGlm = &library.MvDist{
	Name: "ordered_logistic_glm", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params: []library.Arg{library.Exact("design matrix", library.TypeMatrix), library.Exact("weight vector", library.TypeVector),
		library.Exact("cutpoints", library.TypeVector)},
	Support: "(1:K)^N",
	Sizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeRows}},
		[]library.Size{{Arg: 1, Of: library.SizeCols}, {Arg: 2, Of: library.SizeLen}}),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		if cs, ok := o.Known(a[3]); ok {
			if err := checkOrdered(cs); err != nil {
				o.Fail("ordered_logistic_glm: %v", err)
			}
		}
		y, n := a[0], o.Dims(a[1])[0]
		if ys, ok := o.Known(y); ok && len(o.Dims(y)) == 0 && n != 1 { // one outcome for every row
			rep := make([]float64, n)
			for i := range rep {
				rep[i] = ys[0]
			}
			y = o.FromKnown([]int{n}, rep)
		}
		return orderedLogisticLpmf(o, []library.Value{y, o.MatVec(a[1], a[2]), a[3]}, propto)
	},
	Check: func(a []library.Tensor) error { return checkOrdered(a[3].X) },

	RngParams: []library.Arg{library.Exact("design matrix", library.TypeMatrix), library.Exact("weight vector", library.TypeVector),
		library.Exact("cutpoints", library.TypeVector)},
	RngRet:    library.TypeInts,
	RngSizes:  library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeCols}, {Arg: 1, Of: library.SizeLen}}),
	NoRngFunc: "Stan has no ordered_logistic_glm_rng",
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		eta, err := glmEta("ordered_logistic_glm", a[0], library.Scalar(0), a[1])
		if err != nil {
			return library.Tensor{}, err
		}
		if err := checkOrdered(a[2].X); err != nil {
			return library.Tensor{}, err
		}
		out := make([]float64, len(eta))
		for i, e := range eta {
			out[i] = float64(drawIndex(r, orderedProbs(e, a[2].X, library.InvLogit)))
		}
		return library.Tensor{Dims: []int{len(out)}, X: out}, nil
	},
}

func init() { registerMv(OrderedLogisticGlm) }
