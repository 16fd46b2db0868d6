package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The vectorised unary functions (Stan Functions Reference, "Vectorization
// of unary functions", and each function's section of "Real-valued basic
// functions"): real -> real applied to every element of an int, a real, a
// vector, a row vector, a matrix or an array of them, the result of the
// argument's shape. They share everything but their formula (one op, or a
// short composition of ops), so they are one table, a row each, not a file
// each; a special function's Go value and C body are its file's
// (library/digamma.go,
// library/phi.go, library/log1m_exp.go, ...), its op the compiler's.
var elementwise = []struct {
	name, doc string // doc: what it computes, for the function reference
	f         func(o library.Tensors, x library.Value) library.Value
}{
	{"exp", "e^x", func(o library.Tensors, x library.Value) library.Value { return o.Exp(x) }},
	{"log", "the natural logarithm", func(o library.Tensors, x library.Value) library.Value { return o.Log(x) }},
	// log10 is its own op (log10.go): math.Log10 is exact at powers of ten
	{"log10", "the base-10 logarithm", func(o library.Tensors, x library.Value) library.Value { return o.Call(log10Kernel, x) }},
	{"log1p", "log(1 + x)", func(o library.Tensors, x library.Value) library.Value { return o.Log1p(x) }},
	{"expm1", "e^x - 1", func(o library.Tensors, x library.Value) library.Value { return o.Expm1(x) }},
	{"sqrt", "the square root", func(o library.Tensors, x library.Value) library.Value { return o.Sqrt(x) }},
	{"square", "x²", func(o library.Tensors, x library.Value) library.Value { return o.Square(x) }},
	{"inv", "1/x", func(o library.Tensors, x library.Value) library.Value { return o.Inv(x) }},
	// inv_sqrt(x) = 1 / sqrt(x)
	{"inv_sqrt", "1/√x", func(o library.Tensors, x library.Value) library.Value { return o.Inv(o.Sqrt(x)) }},
	{"fabs", "|x|", func(o library.Tensors, x library.Value) library.Value { return o.Fabs(x) }},
	{"inv_logit", "1/(1 + e^-x)", func(o library.Tensors, x library.Value) library.Value { return o.InvLogit(x) }},
	// logit(x) = log(x / (1 - x))
	{"logit", "log(x/(1 - x))", func(o library.Tensors, x library.Value) library.Value { return o.Log(o.Div(x, o.Sub(o.Const(1), x))) }},
	{"log_inv_logit", "log inv_logit(x)", func(o library.Tensors, x library.Value) library.Value { return o.LogInvLogit(x) }},
	{"log1m_inv_logit", "log(1 - inv_logit(x))", func(o library.Tensors, x library.Value) library.Value { return o.Log1mInvLogit(x) }},
	// log1m(x) = log1p(-x)
	{"log1m", "log(1 - x)", func(o library.Tensors, x library.Value) library.Value { return o.Log1p(o.Neg(x)) }},
	{"log1m_exp", "log(1 - e^x)", func(o library.Tensors, x library.Value) library.Value { return o.Log1mExp(x) }},
	{"lgamma", "log|Γ(x)|", func(o library.Tensors, x library.Value) library.Value { return o.Lgamma(x) }},
	{"digamma", "ψ(x) = Γ'(x)/Γ(x)", func(o library.Tensors, x library.Value) library.Value { return o.Digamma(x) }},
	{"Phi", "the standard normal CDF Φ(x)", func(o library.Tensors, x library.Value) library.Value { return o.Phi(x) }},
	// Phi_approx(x) = inv_logit(0.07056 x³ + 1.5976 x) (Bowling et al.
	// 2009, "A logistic approximation to the cumulative normal
	// distribution"; Stan's Phi_approx), x³ as x² x
	{"Phi_approx", "a logistic approximation of Φ(x)", func(o library.Tensors, x library.Value) library.Value {
		cube := o.Mul(o.Square(x), x)
		return o.InvLogit(o.Add(o.Mul(o.Const(0.07056), cube), o.Mul(o.Const(1.5976), x)))
	}},
	{"erf", "the error function", func(o library.Tensors, x library.Value) library.Value { return o.Erf(x) }},
	{"erfc", "the complementary error function", func(o library.Tensors, x library.Value) library.Value { return o.Erfc(x) }},
	{"sin", "the sine", func(o library.Tensors, x library.Value) library.Value { return o.Sin(x) }},
	{"cos", "the cosine", func(o library.Tensors, x library.Value) library.Value { return o.Cos(x) }},
	{"tan", "the tangent", func(o library.Tensors, x library.Value) library.Value { return o.Tan(x) }},
	{"atan", "the arc tangent", func(o library.Tensors, x library.Value) library.Value { return o.Atan(x) }},
	{"tanh", "the hyperbolic tangent", func(o library.Tensors, x library.Value) library.Value { return o.Tanh(x) }},
	{"asin", "the arc sine", call1(asinKernel)},
	{"acos", "the arc cosine", call1(acosKernel)},
	{"sinh", "the hyperbolic sine", call1(sinhKernel)},
	{"cosh", "the hyperbolic cosine", call1(coshKernel)},
	{"asinh", "the inverse hyperbolic sine", call1(asinhKernel)},
	{"acosh", "the inverse hyperbolic cosine", call1(acoshKernel)},
	{"atanh", "the inverse hyperbolic tangent", call1(atanhKernel)},
	{"cbrt", "the cube root", call1(cbrtKernel)},
	{"exp2", "2^x", call1(exp2Kernel)},
	{"log2", "the base-2 logarithm", call1(log2Kernel)},
	{"tgamma", "Γ(x), the gamma function", call1(tgammaKernel)},
	{"log1p_exp", "log(1 + e^x)", func(o library.Tensors, x library.Value) library.Value { return o.Log1pExp(x) }},
	// inv_cloglog(x) = 1 - exp(-exp(x)) = -expm1(-exp(x)), accurate where
	// the result is small
	{"inv_cloglog", "1 - exp(-exp(x))", func(o library.Tensors, x library.Value) library.Value { return o.Neg(o.Expm1(o.Neg(o.Exp(x)))) }},
	{"inv_Phi", "Φ⁻¹(p), the standard normal quantile", call1(invPhiKernel)},
	{"lambert_w0", "W₀(x), the principal branch of the Lambert W function", call1(lambertW0Kernel)},
	{"lambert_wm1", "W₋₁(x), the lower branch of the Lambert W function", lambertWm1},
	// floor, ceil, round and trunc return reals in Stan, even of an int;
	// round takes halves away from zero, as C's round.
	{"floor", "the largest integer <= x (data only)", rounding("floor", math.Floor)},
	{"ceil", "the smallest integer >= x (data only)", rounding("ceil", math.Ceil)},
	{"round", "x rounded, halves away from zero (data only)", rounding("round", math.Round)},
	{"trunc", "x rounded towards zero (data only)", rounding("trunc", math.Trunc)},
	// abs of an int is an int (its first overload, below)
	{"abs", "|x|", func(o library.Tensors, x library.Value) library.Value { return o.Fabs(x) }},
}

// call1 is the row of an elementwise function that is one kernel.
func call1(k *library.Kernel) func(o library.Tensors, x library.Value) library.Value {
	return func(o library.Tensors, x library.Value) library.Value { return o.Call(k, x) }
}

// rounding is floor, ceil or round of a known value. Of a parameter they
// would be steps, whose derivative is zero or undefined: NUTS could not use
// them, so the compiler refuses them; the interpreter knows every value.
func rounding(name string, f func(float64) float64) func(o library.Tensors, x library.Value) library.Value {
	return func(o library.Tensors, x library.Value) library.Value {
		y, ok := o.MapKnown(x, f)
		if !ok {
			o.Fail("%s of a value that depends on parameters is a step function, which has no useful gradient; bayes compiles it only on data", name)
		}
		return y
	}
}

// elementwiseOverload is the one overload of each row: any int- or
// real-based value, the result of its shape with real elements.
var elementwiseOverload = library.Signature{Params: []library.Arg{{Class: library.ClassAny}}, Ret: library.TypeReal, Result: library.ResultElementwise}

func init() {
	for _, r := range elementwise {
		f := &library.Func{Name: r.name, Doc: r.doc + ", elementwise", Overloads: []library.Signature{elementwiseOverload},
			Sizes: library.Independent("elementwise: the result has the argument's shape"),
			Value: func(o library.Tensors, a []library.Value) library.Value { return r.f(o, a[0]) }}
		if r.name == "abs" {
			f.Overloads = []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInt)}, Ret: library.TypeInt}, elementwiseOverload}
		}
		registerFunc(f)
	}
}
