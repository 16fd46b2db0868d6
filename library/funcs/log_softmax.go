package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// log_softmax(x) = x - log_sum_exp(x) (Stan Functions Reference, "Special
// matrix functions"): one vector op less one log-sum-exp op.
var logSoftmax = &library.Func{
	Name:      "log_softmax",
	Doc:       "x - log_sum_exp(x)",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector}},
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.LogSoftmax(a[0]) },
}

func init() { registerFunc(logSoftmax) }
