package library

// max is max(x, y), y < x ? x : y (so max(NaN, y) is y, max(x, NaN) NaN),
// an int of ints;
// or MaxOf of a container's elements (Stan Functions Reference, "Bounds
// functions", "Array operations"), one op.
var maxFunc = &Func{
	Name:      "max",
	Overloads: minMaxOverloads(),
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return minMax(o, "max", a, ReduceMax) },
}

func init() { registerFunc(maxFunc) }
