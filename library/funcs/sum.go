package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// sum(x) is Σ x_i, added in order, of an array of ints (an int), of reals,
// a vector, a row vector or a matrix (Stan Functions Reference, "Sum,
// product, and log sum of exp"); 0 for no elements.
var sumFunc = &library.Func{
	Name:      "sum",
	Doc:       "the sum of the elements",
	Overloads: append([]library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeInt}}, reductions(library.TypeReal)...),
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Sum(a[0]) },
}

func init() { registerFunc(sumFunc) }

// reductions are the overloads of a reduction of reals to ret: an array of
// reals, a vector, a row vector, a matrix.
func reductions(ret library.Type) []library.Signature {
	var out []library.Signature
	for _, t := range []library.Type{{Kind: library.KindReal, Dims: 1}, library.TypeVector, library.TypeRowVector, library.TypeMatrix} {
		out = append(out, library.Signature{Params: []library.Arg{library.Exact("", t)}, Ret: ret})
	}
	return out
}
