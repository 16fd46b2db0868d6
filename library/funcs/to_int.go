package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// to_int(x) is the real x truncated towards zero, as an int, elementwise
// over an array (Stan Functions Reference, "Integer-valued basic
// functions"): x must be data and lie in the range of a 32-bit int.
var toInt = &library.Func{
	Name: "to_int",
	Doc:  "x truncated toward zero, as an int",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeReal)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.TypeInts},
	},
	Sizes:    library.Independent(library.OneArg),
	DataOnly: toIntData,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		xs, ok := o.Known(a[0])
		if !ok || !o.Data(a[0]) {
			o.Fail("bayes cannot compile to_int of parameters: %s", toIntData)
		}
		out := make([]float64, len(xs))
		for i, x := range xs {
			if !(x >= math.MinInt32 && x < math.MaxInt32+1) {
				o.Fail("to_int: %g is outside the range of an int, [%d, %d]", x, math.MinInt32, math.MaxInt32)
			}
			out[i] = math.Trunc(x)
		}
		return o.FromKnown(o.Dims(a[0]), out)
	},
}

// toIntData is why to_int takes data only, as Stan's (data real).
const toIntData = "an int of a parameter has no derivative"

func init() { registerFunc(toInt) }
