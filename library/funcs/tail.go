package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Tail is tail(x, n): the last n entries of x's outer dimension (Stan
// Functions Reference, "Slicing and blocking functions").
var Tail = &library.Func{
	Name:      "tail",
	Doc:       "the last n elements",
	Overloads: sliceOverloads(1),
	Sizes:     library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := countArg(o, "tail", a[0], sizeArg(o, a[1]))
		return outerSlice(o, a[0], o.Dims(a[0])[0]-n, n)
	},
}

func init() { registerFunc(Tail) }
