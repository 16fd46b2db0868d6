package library

// int_step(x) = 1 if x > 0, else 0, an int (Stan Functions Reference,
// "Step-like functions"): 0 < x, so int_step(NaN) = 0.
var intStep = &Func{
	Name: "int_step",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeInt)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeReal)}, Ret: TypeInt},
	},
	Value: func(o Tensors, a []Value) Value { return o.Lt(o.Const(0), a[0]) },
}

func init() { registerFunc(intStep) }
