package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// cumulative_sum(x) is CumSum of an array of ints (ints), of reals, a
// vector or a row vector (Stan Functions Reference, "Cumulative sums"),
// one op.
var cumulativeSum = &library.Func{
	Name: "cumulative_sum",
	Doc:  "the running sums of the elements",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeInts},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.Type{Kind: library.KindReal, Dims: 1}},
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeRowVector},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return o.CumSum(a[0]) },
}

func init() { registerFunc(cumulativeSum) }
