package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// log_diff_exp(x, y) = log(e^x - e^y) = x + log1m_exp(y - x) (Stan
// Functions Reference, "Composed functions"): x when y is -Inf, NaN when y
// > x.
var logDiffExp = &library.Func{
	Name:      "log_diff_exp",
	Doc:       "log(e^x - e^y)",
	Overloads: realsOverload(2),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Add(a[0], o.Log1mExp(o.Sub(a[1], a[0])))
	},
}

func init() { registerFunc(logDiffExp) }
