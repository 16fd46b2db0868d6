package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// rep_array(x, n), rep_array(x, m, n) and rep_array(x, k, m, n) are the
// arrays of one, two or three dimensions of copies of x, which may be any
// value (Stan Functions Reference, "Array broadcasting").
var repArray = &library.Func{
	Name: "rep_array",
	Doc:  "an array filled with one value",
	Overloads: []library.Signature{
		{Params: []library.Arg{{Class: library.ClassAny}, library.Exact("", library.TypeInt)}, Result: library.ResultArrayOf},
		{Params: []library.Arg{{Class: library.ClassAny}, library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Result: library.ResultArrayOf},
		{Params: []library.Arg{{Class: library.ClassAny}, library.Exact("", library.TypeInt), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Result: library.ResultArrayOf},
	},
	Sizes: library.Independent(intSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Repeat(a[0], repSizes(o, "rep_array", a[1:]))
	},
}

func init() { registerFunc(repArray) }
