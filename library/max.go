package library

import "math"

// MaxOf is the largest of x's elements, NaN if any is (Stan's max), for x
// of one element or more.
func MaxOf(x []float64) float64 {
	m := x[0]
	for _, v := range x[1:] {
		if math.IsNaN(v) || v > m {
			m = v
		}
	}
	return m
}

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
