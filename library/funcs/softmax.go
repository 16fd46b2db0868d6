package library

// softmax(x) = exp(log_softmax(x)) (Stan Functions Reference, "Special
// matrix functions"): e^(x_i - log_sum_exp(x)), which sums to 1 within
// rounding.
var softmax = &Func{
	Name:      "softmax",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeVector)}, Ret: TypeVector}},
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return o.Exp(o.LogSoftmax(a[0])) },
}

func init() { registerFunc(softmax) }
