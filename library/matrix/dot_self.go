package library

// dot_self(x) = Σ x_i² (Stan Functions Reference, "Dot products and
// specialized products"), the dot product of x with itself, one op.
var dotSelf = &Func{
	Name: "dot_self",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeReal},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.Dot(a[0], a[0]) },
}

func init() { registerFunc(dotSelf) }
