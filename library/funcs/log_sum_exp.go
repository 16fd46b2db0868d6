package library

// logSumExp is log_sum_exp (Stan Functions Reference, "Composed
// functions", "Sum, product, and log sum of exp"): of two reals,
// LogSumExp2, one elementwise op; of a container, LogSumExp, one op.
var logSumExp = &Func{
	Name: "log_sum_exp",
	Overloads: append([]Signature{{Params: []Arg{Exact("", TypeReal), Exact("", TypeReal)}, Ret: TypeReal,
		Value: func(o Tensors, a []Value) Value { return o.LogSumExp2(a[0], a[1]) }}}, reductions(TypeReal)...),
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.Reduce(ReduceLogSumExp, a[0]) },
}

func init() { registerFunc(logSumExp) }
