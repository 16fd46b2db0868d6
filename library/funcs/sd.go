package library

// sd(x) is the square root of variance(x) (Stan Functions Reference,
// "Dispersion functions").
var sd = &Func{
	Name:      "sd",
	Overloads: reductions(TypeReal),
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return o.Sqrt(varianceOf(o, a[0])) },
}

func init() { registerFunc(sd) }
