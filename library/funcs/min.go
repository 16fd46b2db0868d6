package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// min is min(x, y), x < y ? x : y (so min(NaN, y) is y, min(x, NaN) NaN),
// an int of ints;
// or MinOf of a container's elements (Stan Functions Reference, "Bounds
// functions", "Array operations"), one op.
var minFunc = &library.Func{
	Name:      "min",
	Doc:       "the smallest element, or the smaller of two",
	Overloads: minMaxOverloads(),
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return minMax(o, "min", a, library.ReduceMin)
	},
}

func init() { registerFunc(minFunc) }

// minMaxOverloads are min's and max's: two ints, two reals, then the
// reductions of ints and of reals.
func minMaxOverloads() []library.Signature {
	return append([]library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeReal)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeInt},
	}, reductions(library.TypeReal)...)
}

// minMax is min or max (r) of two scalars or of a container, which must
// have an element.
func minMax(o library.Tensors, name string, a []library.Value, r library.Reduction) library.Value {
	if len(a) == 2 {
		x, y := a[0], a[1]
		if r == library.ReduceMin {
			return o.Select(o.Lt(x, y), x, y)
		}
		return o.Select(o.Lt(y, x), x, y)
	}
	if library.NumElems(o.Dims(a[0])) == 0 {
		o.Fail("%s of an empty container", name)
	}
	return o.Reduce(r, a[0])
}
