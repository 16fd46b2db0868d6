package library

// Head is head(x, n): the first n entries of x's outer dimension, each with
// all its inner elements (Stan Functions Reference, "Slicing and blocking
// functions"; an array of vectors keeps its vectors).
var Head = &Func{
	Name:      "head",
	Overloads: sliceOverloads(1),
	Sizes:     independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		n := countArg(o, "head", a[0], sizeArg(o, a[1]))
		return outerSlice(o, a[0], 0, n)
	},
}

func init() { registerFunc(Head) }

// rangeArgs is why head, tail and segment relate no sizes.
const rangeArgs = "the int arguments are positions and counts inside the container, checked as ranges where the call runs"

// sliceOverloads are the overloads of head and tail (ints 1) and segment
// (ints 2): a vector, a row vector or an array, then the ints.
func sliceOverloads(ints int) []Signature {
	with := func(x Arg) []Arg {
		out := []Arg{x}
		for range ints {
			out = append(out, Exact("", TypeInt))
		}
		return out
	}
	return []Signature{
		{Params: with(Exact("", TypeVector)), Ret: TypeVector},
		{Params: with(Exact("", TypeRowVector)), Ret: TypeRowVector},
		{Params: with(Arg{Class: ClassAnyArray}), Result: ResultSameAsArg},
	}
}

// sizeArg is the value of an int argument that is a size, a count or a
// position, which the compiler must know when it builds the call.
func sizeArg(o Tensors, x Value) int {
	v, ok := o.Known(x)
	if !ok {
		o.Fail("a size must be known when the model is compiled")
	}
	return int(v[0])
}

// countArg checks the count n of head or tail against x's outer dimension.
func countArg(o Tensors, name string, x Value, n int) int {
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
func outerSlice(o Tensors, x Value, start, n int) Value {
	d := o.Dims(x)
	inner := numElems(d[1:])
	off := make([]int, n*inner)
	for i := range off {
		off[i] = start*inner + i
	}
	return o.Reshape(o.Pick(x, off), append([]int{n}, d[1:]...))
}
