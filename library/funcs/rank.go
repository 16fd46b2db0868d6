package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// rank(v, s) is the number of v's elements less than v[s] (Stan Functions
// Reference, "Sorting functions"); v must be data, s in range.
var rank = &library.Func{
	Name: "rank",
	Doc:  "the number of elements of v less than v[s]",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1}), library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeInts), library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
	},
	Sizes:    library.Independent(rangeArgs),
	DataOnly: indicesData,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		xs := knownData(o, "rank", a[0])
		s := sizeArg(o, a[1])
		if s < 1 || s > len(xs) {
			o.Fail("rank: the position %d is out of range: the container has %d elements", s, len(xs))
		}
		n := 0
		for _, x := range xs {
			if x < xs[s-1] {
				n++
			}
		}
		return o.FromKnown(nil, []float64{float64(n)})
	},
}

func init() { registerFunc(rank) }
