package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// reverse(x) is x's outer entries in reverse order (Stan Functions
// Reference, "Reverse functions"): a vector's or row vector's elements,
// an array's entries each with its inner elements; one pick of x.
var reverse = &library.Func{
	Name: "reverse",
	Doc:  "the elements of v in reverse order",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{{Class: library.ClassAnyArray}}, Result: library.ResultSameAsArg},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		d := o.Dims(a[0])
		inner := library.NumElems(d[1:])
		off := make([]int, 0, d[0]*inner)
		for i := d[0] - 1; i >= 0; i-- {
			for j := range inner {
				off = append(off, i*inner+j)
			}
		}
		return o.Reshape(o.Pick(a[0], off), d)
	},
}

func init() { registerFunc(reverse) }
