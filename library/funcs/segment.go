package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Segment is segment(x, i, n): n entries of x's outer dimension from the
// i'th, 1-based (Stan Functions Reference, "Slicing and blocking
// functions").
var Segment = &library.Func{
	Name:      "segment",
	Doc:       "n elements from position i",
	Overloads: sliceOverloads(2),
	Sizes:     library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		i, n := sizeArg(o, a[1]), sizeArg(o, a[2])
		if have := o.Dims(a[0])[0]; i < 1 || n < 0 || i-1+n > have {
			o.Fail("segment(x, %d, %d) is out of range: x has %d elements", i, n, have)
		}
		return outerSlice(o, a[0], i-1, n)
	},
}

func init() { registerFunc(Segment) }
