package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// rep_row_vector(x, n) is the row vector of n copies of x (Stan Functions
// Reference, "Matrix and vector constructors").
var repRowVector = &library.Func{
	Name:      "rep_row_vector",
	Doc:       "a row vector filled with one value",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeInt)}, Ret: library.TypeRowVector}},
	Sizes:     library.Independent(intSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Repeat(a[0], repSizes(o, "rep_row_vector", a[1:]))
	},
}

func init() { registerFunc(repRowVector) }
