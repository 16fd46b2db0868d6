package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// fma(x, y, z) = x y + z (Stan Functions Reference, "Composed functions"),
// a product then a sum, each rounded: Stan's is fused (one rounding), which
// no op of the IR is yet.
var fma = &library.Func{
	Name:      "fma",
	Doc:       "x y + z, rounded once",
	Overloads: realsOverload(3),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Add(o.Mul(a[0], a[1]), a[2]) },
}

func init() { registerFunc(fma) }
