package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// rep_vector(x, n) is the vector of n copies of x (Stan Functions
// Reference, "Matrix and vector constructors"): x broadcast, or repeated.
var repVector = &library.Func{
	Name:      "rep_vector",
	Doc:       "a vector filled with one value",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeInt)}, Ret: library.TypeVector}},
	Sizes:     library.Independent(intSizes),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Repeat(a[0], repSizes(o, "rep_vector", a[1:]))
	},
}

func init() { registerFunc(repVector) }

// intSizes is why the repetitions and reshapes relate no sizes.
const intSizes = "the int arguments give the result's sizes, whatever the container's"

// repSizes are the sizes given by the int arguments ns, none negative.
func repSizes(o library.Tensors, name string, ns []library.Value) []int {
	dims := make([]int, len(ns))
	for i, n := range ns {
		dims[i] = sizeArg(o, n)
		if dims[i] < 0 {
			o.Fail("%s: a size must not be negative; found %d", name, dims[i])
		}
	}
	return dims
}
