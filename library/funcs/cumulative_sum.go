package library

// cumulative_sum(x) is CumSum of an array of ints (ints), of reals, a
// vector or a row vector (Stan Functions Reference, "Cumulative sums"),
// one op.
var cumulativeSum = &Func{
	Name: "cumulative_sum",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeInts)}, Ret: TypeInts},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 1})}, Ret: Type{Kind: KindReal, Dims: 1}},
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeVector},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeRowVector},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.CumSum(a[0]) },
}

func init() { registerFunc(cumulativeSum) }
