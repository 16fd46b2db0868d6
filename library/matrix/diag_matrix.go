package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// diag_matrix(v) is the square matrix with v on its diagonal and zeros
// elsewhere (Stan Functions Reference, "Diagonal matrix functions").
var diagMatrix = &library.Func{
	Name:      "diag_matrix",
	Doc:       "the square matrix with v on its diagonal and zeros elsewhere",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := library.NumElems(o.Dims(a[0]))
		xs := make([]library.Value, n*n)
		zero := o.Const(0)
		for i := range xs {
			xs[i] = zero
		}
		for i := 0; i < n; i++ {
			xs[i*n+i] = o.Elem(a[0], i)
		}
		return o.FromElems([]int{n, n}, xs)
	},
}

func init() { registerFunc(diagMatrix) }
