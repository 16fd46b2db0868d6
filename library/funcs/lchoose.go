package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// lchoose(n, k) is Stan's function of Lchoose (Stan Functions Reference,
// "Combinatorial functions"), built from its ops: -log1p(n) - lbeta(n-k+1,
// k+1), without Lchoose's exact 0 at k = 0 and k = n (there it is within
// an ulp of log(n+1) of 0).
var lchoose = &library.Func{
	Name:      "lchoose",
	Doc:       "log C(n, k), the log binomial coefficient of reals",
	Overloads: realsOverload(2),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n, k := a[0], a[1]
		lb := o.Lbeta(o.Add(o.Sub(n, k), o.Const(1)), o.Add(k, o.Const(1)))
		return o.Sub(o.Neg(o.Log1p(n)), lb)
	},
}

func init() { registerFunc(lchoose) }
