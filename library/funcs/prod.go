package library

// prod(x) is Prod of x's elements (Stan Functions Reference, "Sum,
// product, and log sum of exp"), an int of ints; one op.
var prod = &Func{
	Name:      "prod",
	Overloads: append([]Signature{{Params: []Arg{Exact("", TypeInts)}, Ret: TypeInt}}, reductions(TypeReal)...),
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return o.Reduce(ReduceProd, a[0]) },
}

func init() { registerFunc(prod) }
