package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// is_nan(x) = 1 if x is NaN, else 0 (Stan Functions Reference,
// "Classification functions"): x != x, true only of NaN.
var isNaN = &library.Func{
	Name:      "is_nan",
	Doc:       "1 if x is NaN, else 0",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal)}, Ret: library.TypeInt}},
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Ne(a[0], a[0]) },
}

func init() { registerFunc(isNaN) }
