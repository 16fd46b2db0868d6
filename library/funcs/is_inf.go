package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// is_inf(x) = 1 if x is +Inf or -Inf, else 0 (Stan Functions Reference,
// "Classification functions"): |x| == Inf.
var isInf = &library.Func{
	Name:      "is_inf",
	Doc:       "1 if x is infinite, else 0",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal)}, Ret: library.TypeInt}},
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Eq(o.Fabs(a[0]), o.Const(math.Inf(1)))
	},
}

func init() { registerFunc(isInf) }
