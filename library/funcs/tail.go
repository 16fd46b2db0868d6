package library

// Tail is tail(x, n): the last n entries of x's outer dimension (Stan
// Functions Reference, "Slicing and blocking functions").
var Tail = &Func{
	Name:      "tail",
	Overloads: sliceOverloads(1),
	Sizes:     independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		n := countArg(o, "tail", a[0], sizeArg(o, a[1]))
		return outerSlice(o, a[0], o.Dims(a[0])[0]-n, n)
	},
}

func init() { registerFunc(Tail) }
