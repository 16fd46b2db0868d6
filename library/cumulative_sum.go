package library

// CumSum is the running sums of x: element i is x_0 + ... + x_i, added in
// order.
func CumSum(x []float64) []float64 {
	out := make([]float64, len(x))
	s := 0.0
	for i, v := range x {
		s += v
		out[i] = s
	}
	return out
}

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
