package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// pow(x, y) = x^y (Stan Functions Reference, "Composed functions"), Go's
// math.Pow, which is C's pow on the values of Stan's tests.
var pow = &library.Func{
	Name:      "pow",
	Doc:       "x to the power y",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Pow(a[0], a[1]) },
}

func init() { registerFunc(pow) }

// realsOverload is the one overload real^n -> real of the scalar
// functions of n reals.
func realsOverload(n int) []library.Signature {
	p := make([]library.Arg, n)
	for i := range p {
		p[i] = library.Exact("", library.TypeReal)
	}
	return []library.Signature{{Params: p, Ret: library.TypeReal}}
}
