package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Head is head(x, n): the first n entries of x's outer dimension, each with
// all its inner elements (Stan Functions Reference, "Slicing and blocking
// functions"; an array of vectors keeps its vectors).
var Head = &library.Func{
	Name:      "head",
	Doc:       "the first n elements",
	Overloads: sliceOverloads(1),
	Sizes:     library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := countArg(o, "head", a[0], sizeArg(o, a[1]))
		return outerSlice(o, a[0], 0, n)
	},
}

func init() { registerFunc(Head) }

// rangeArgs is why head, tail and segment relate no sizes.
const rangeArgs = "the int arguments are positions and counts inside the container, checked as ranges where the call runs"

// sliceOverloads are the overloads of head and tail (ints 1) and segment
// (ints 2): a vector, a row vector or an array, then the ints.
func sliceOverloads(ints int) []library.Signature {
	with := func(x library.Arg) []library.Arg {
		out := []library.Arg{x}
		for range ints {
			out = append(out, library.Exact("", library.TypeInt))
		}
		return out
	}
	return []library.Signature{
		{Params: with(library.Exact("", library.TypeVector)), Ret: library.TypeVector},
		{Params: with(library.Exact("", library.TypeRowVector)), Ret: library.TypeRowVector},
		{Params: with(library.Arg{Class: library.ClassAnyArray}), Result: library.ResultSameAsArg},
	}
}

// sizeArg is the value of an int argument that is a size, a count or a
// position, which the compiler must know when it builds the call.
func sizeArg(o library.Tensors, x library.Value) int {
	v, ok := o.Known(x)
	if !ok {
		o.Fail("a size must be known when the model is compiled")
	}
	return int(v[0])
}

// countArg checks the count n of head or tail against x's outer dimension.
func countArg(o library.Tensors, name string, x library.Value, n int) int {
	d := o.Dims(x)
	if n < 0 || len(d) == 0 || n > d[0] {
		have := 0
		if len(d) > 0 {
			have = d[0]
		}
		o.Fail("%s(x, %d) is out of range: x has %d elements", name, n, have)
	}
	return n
}

// outerSlice takes n entries of x's outer dimension from start (0-based).
func outerSlice(o library.Tensors, x library.Value, start, n int) library.Value {
	d := o.Dims(x)
	inner := library.NumElems(d[1:])
	off := make([]int, n*inner)
	for i := range off {
		off[i] = start*inner + i
	}
	return o.Reshape(o.Pick(x, off), append([]int{n}, d[1:]...))
}
