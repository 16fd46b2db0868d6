package library

// is_nan(x) = 1 if x is NaN, else 0 (Stan Functions Reference,
// "Classification functions"): x != x, true only of NaN.
var isNaN = &Func{
	Name:      "is_nan",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeReal)}, Ret: TypeInt}},
	Value:     func(o Tensors, a []Value) Value { return o.Ne(a[0], a[0]) },
}

func init() { registerFunc(isNaN) }
