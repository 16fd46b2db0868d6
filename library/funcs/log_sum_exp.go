package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// logSumExp is log_sum_exp (Stan Functions Reference, "Composed
// functions", "Sum, product, and log sum of exp"): of two reals,
// LogSumExp2, one elementwise op; of a container, LogSumExp, one op.
var logSumExp = &library.Func{
	Name: "log_sum_exp",
	Doc:  "log Σ exp(x_i), without overflow",
	Overloads: append([]library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeReal)}, Ret: library.TypeReal,
		Value: func(o library.Tensors, a []library.Value) library.Value { return o.LogSumExp2(a[0], a[1]) }}}, reductions(library.TypeReal)...),
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Reduce(library.ReduceLogSumExp, a[0])
	},
}

func init() { registerFunc(logSumExp) }
