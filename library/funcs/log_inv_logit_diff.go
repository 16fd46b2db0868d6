package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// log_inv_logit_diff(x, y) = log(inv_logit(x) - inv_logit(y)), x > y
// (Stan Functions Reference, "Composed functions"), as Stan Math writes
// it: x - log1p_exp(x) + log1m_exp(y - x) - log1p_exp(y), since
// inv_logit(x) - inv_logit(y) = e^x (1 - e^(y-x)) / ((1+e^x)(1+e^y)).
// NaN when y > x.
var logInvLogitDiff = &library.Func{
	Name:      "log_inv_logit_diff",
	Doc:       "log(inv_logit(x) - inv_logit(y))",
	Overloads: realsOverload(2),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		x, y := a[0], a[1]
		return o.Sub(o.Add(o.Sub(x, o.Log1pExp(x)), o.Log1mExp(o.Sub(y, x))), o.Log1pExp(y))
	},
}

func init() { registerFunc(logInvLogitDiff) }
