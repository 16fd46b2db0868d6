package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// diagonal(M) is the vector of M's diagonal, min(r, c) elements of an r x
// c matrix (Stan Functions Reference, "Diagonal matrix functions"), picked.
var diagonal = &library.Func{
	Name:      "diagonal",
	Doc:       "the diagonal of a matrix, as a vector",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector}},
	Sizes:     library.Independent("the diagonal of an r x c matrix has min(r, c) elements"),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		d := o.Dims(a[0])
		off := make([]int, min(d[0], d[1]))
		for i := range off {
			off[i] = i*d[1] + i
		}
		return o.Pick(a[0], off)
	},
}

func init() { registerFunc(diagonal) }
