package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// softmax(x) = exp(log_softmax(x)) (Stan Functions Reference, "Special
// matrix functions"): e^(x_i - log_sum_exp(x)), which sums to 1 within
// rounding.
var softmax = &library.Func{
	Name:      "softmax",
	Doc:       "exp(x) / Σ exp(x), a simplex",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector}},
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Softmax(a[0]) },
}

func init() { registerFunc(softmax) }
