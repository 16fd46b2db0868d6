package library

// mean(x) = Σ x_i / n (Stan Functions Reference, "Sum, product, and log
// sum of exp"), as Mean; NaN (0/0) for no elements.
var mean = &Func{
	Name:      "mean",
	Overloads: reductions(TypeReal),
	Sizes:     independent(oneArg),
	Value: func(o Tensors, a []Value) Value {
		return o.Div(o.Sum(a[0]), o.Const(float64(numElems(o.Dims(a[0])))))
	},
}

func init() { registerFunc(mean) }
