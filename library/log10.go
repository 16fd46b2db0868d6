package library

import "math"

// Log10 is log10(x), the base-10 logarithm, applied to every element of
// its argument (Stan Functions Reference, "Power and logarithm
// functions"; "Vectorization of unary functions"). Special cases are
// math.Log10's: log10(0) = -Inf, log10(x < 0) = NaN.
var Log10 = &Func{
	Name: "log10",
	Overloads: []Signature{
		{Params: []Arg{{Class: ClassAny}}, Ret: TypeReal, Result: ResultElementwise},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.Call(log10Kernel, a[0]) },
}

// log10Kernel is the elementwise op: its value math.Log10 (exact at powers
// of ten, which log(x)/log(10) is not), its derivative 1/(x log 10).
var log10Kernel = &Kernel{Name: "log10", Args: []Domain{Positive},
	Value: func(x, _, _, _ float64, _ int) float64 { return math.Log10(x) },
	Partial: func(b Builder, n Value, _ int, adj Value) Value {
		return b.Div(adj, b.Mul(b.Arg(n, 0), b.Const(math.Ln10)))
	}, C: `
BAYES_FN bayes_real bayes_log10(bayes_real x)
{
	return BAYES_M(log10)(x);
}`}

func init() {
	registerFunc(Log10)
	registerKernel(log10Kernel)
}
