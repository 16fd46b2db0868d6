package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// trace(A) = Σ_i A_ii, the sum of the diagonal of any matrix (Stan
// Functions Reference, "Linear algebra functions and solvers"; A need not
// be square, as Eigen's trace).
var trace = &library.Func{
	Name:      "trace",
	Doc:       "the sum of the diagonal of a matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeReal}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Sum(o.Pick(a[0], diagOffsets(o.Dims(a[0]))))
	},
}

func init() { registerFunc(trace) }

// diagOffsets are the row-major offsets of the diagonal of a matrix of
// dims d, min(rows, cols) of them.
func diagOffsets(d []int) []int {
	off := make([]int, min(d[0], d[1]))
	for i := range off {
		off[i] = i*d[1] + i
	}
	return off
}
