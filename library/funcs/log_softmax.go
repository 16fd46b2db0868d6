package library

// log_softmax(x) = x - log_sum_exp(x) (Stan Functions Reference, "Special
// matrix functions"): one vector op less one log-sum-exp op.
var logSoftmax = &Func{
	Name:      "log_softmax",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeVector)}, Ret: TypeVector}},
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return o.LogSoftmax(a[0]) },
}

func init() { registerFunc(logSoftmax) }
