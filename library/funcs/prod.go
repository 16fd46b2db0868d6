package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// prod(x) is Prod of x's elements (Stan Functions Reference, "Sum,
// product, and log sum of exp"), an int of ints; one op.
var prod = &library.Func{
	Name:      "prod",
	Doc:       "the product of the elements",
	Overloads: append([]library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeInt}}, reductions(library.TypeReal)...),
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Reduce(library.ReduceProd, a[0]) },
}

func init() { registerFunc(prod) }
