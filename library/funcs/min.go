package library

// min is min(x, y), x < y ? x : y (so min(NaN, y) is y, min(x, NaN) NaN),
// an int of ints;
// or MinOf of a container's elements (Stan Functions Reference, "Bounds
// functions", "Array operations"), one op.
var minFunc = &Func{
	Name:      "min",
	Overloads: minMaxOverloads(),
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return minMax(o, "min", a, ReduceMin) },
}

func init() { registerFunc(minFunc) }

// minMaxOverloads are min's and max's: two ints, two reals, then the
// reductions of ints and of reals.
func minMaxOverloads() []Signature {
	return append([]Signature{
		{Params: []Arg{Exact("", TypeInt), Exact("", TypeInt)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeReal), Exact("", TypeReal)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeInts)}, Ret: TypeInt},
	}, reductions(TypeReal)...)
}

// minMax is min or max (r) of two scalars or of a container, which must
// have an element.
func minMax(o Tensors, name string, a []Value, r Reduction) Value {
	if len(a) == 2 {
		x, y := a[0], a[1]
		if r == ReduceMin {
			return o.Select(o.Lt(x, y), x, y)
		}
		return o.Select(o.Lt(y, x), x, y)
	}
	if numElems(o.Dims(a[0])) == 0 {
		o.Fail("%s of an empty container", name)
	}
	return o.Reduce(r, a[0])
}
