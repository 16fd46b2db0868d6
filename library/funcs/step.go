package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// step(x) = 0 if x < 0, else 1 (Stan Functions Reference, "Step-like
// functions"), so step(NaN) = 1, as Stan's; computed as 1 - (x < 0).
var step = &library.Func{
	Name:      "step",
	Doc:       "0 if x < 0, else 1",
	Overloads: realsOverload(1),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Sub(o.Const(1), o.Lt(a[0], o.Const(0)))
	},
}

func init() { registerFunc(step) }
