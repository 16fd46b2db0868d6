package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// lbeta(a, b) is Stan's function of Lbeta (Stan Functions Reference,
// "Combinatorial functions"), one op.
var lbeta = &library.Func{
	Name:      "lbeta",
	Doc:       "log B(a, b), the log of the beta function",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Lbeta(a[0], a[1]) },
}

func init() { registerFunc(lbeta) }
