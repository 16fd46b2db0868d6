package library

import "math"

// is_inf(x) = 1 if x is +Inf or -Inf, else 0 (Stan Functions Reference,
// "Classification functions"): |x| == Inf.
var isInf = &Func{
	Name:      "is_inf",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeReal)}, Ret: TypeInt}},
	Value:     func(o Tensors, a []Value) Value { return o.Eq(o.Fabs(a[0]), o.Const(math.Inf(1))) },
}

func init() { registerFunc(isInf) }
