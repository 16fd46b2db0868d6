package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The elementwise functions that are one function of C's math.h each
// (Stan Functions Reference, "Trigonometric functions", "Hyperbolic
// trigonometric functions", "Power and logarithm functions", "Probability-
// related functions"): each a kernel whose value is Go's math function, its
// C body the math.h function of the same name, and its derivative the
// textbook one (DLMF 4.21, 4.35, 4.37, 5.2.2), written in the kernel's own
// value n where that is cheaper. The rows of elementwise.go call them.
var (
	asinKernel = libm("asin", library.Finite, math.Asin, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Inv(sqrtB(b, b.Sub(b.Const(1), b.Square(x)))) // 1/√(1-x²)
	})
	acosKernel = libm("acos", library.Finite, math.Acos, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Neg(b.Inv(sqrtB(b, b.Sub(b.Const(1), b.Square(x))))) // -1/√(1-x²)
	})
	asinhKernel = libm("asinh", library.Finite, math.Asinh, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Inv(sqrtB(b, b.Add(b.Square(x), b.Const(1)))) // 1/√(x²+1)
	})
	acoshKernel = libm("acosh", library.Positive, math.Acosh, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Inv(sqrtB(b, b.Sub(b.Square(x), b.Const(1)))) // 1/√(x²-1)
	})
	atanhKernel = libm("atanh", library.Finite, math.Atanh, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Inv(b.Sub(b.Const(1), b.Square(x))) // 1/(1-x²)
	})
	// sinh' = cosh = (e^x + e^-x)/2
	sinhKernel = libm("sinh", library.Finite, math.Sinh, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Mul(b.Const(0.5), b.Add(b.Exp(x), b.Exp(b.Neg(x))))
	})
	// cosh' = sinh, the kernel: (e^x - e^-x)/2 would cancel near 0
	coshKernel = libm("cosh", library.Finite, math.Cosh, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Call(sinhKernel, x)
	})
	// cbrt' = 1/(3 cbrt(x)²)
	cbrtKernel = libm("cbrt", library.Positive, math.Cbrt, func(b library.Builder, _, n library.Value) library.Value {
		return b.Inv(b.Mul(b.Const(3), b.Square(n)))
	})
	exp2Kernel = libm("exp2", library.Finite, math.Exp2, func(b library.Builder, _, n library.Value) library.Value {
		return b.Mul(n, b.Const(math.Ln2))
	})
	// log2 is math.Log2, exact at powers of two, as C's log2
	log2Kernel = libm("log2", library.Positive, math.Log2, func(b library.Builder, x, _ library.Value) library.Value {
		return b.Inv(b.Mul(x, b.Const(math.Ln2)))
	})
	// tgamma' = Γ(x) ψ(x)
	tgammaKernel = libm("tgamma", library.Positive, math.Gamma, func(b library.Builder, x, n library.Value) library.Value {
		return b.Mul(n, b.Digamma(x))
	})
)

// sqrtB is √x in a Builder, which has no square root: x^0.5.
func sqrtB(b library.Builder, x library.Value) library.Value { return b.Pow(x, b.Const(0.5)) }

// libm is the kernel name(x) = f(x) over dom, whose C body is math.h's
// name, with the derivative d(x, n), n the kernel's value.
func libm(name string, dom library.Domain, f func(float64) float64, d func(b library.Builder, x, n library.Value) library.Value) *library.Kernel {
	return &library.Kernel{Name: name, Args: []library.Domain{dom},
		Value: func(x, _, _, _ float64, _ int) float64 { return f(x) },
		Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
			return b.Mul(adj, d(b, b.Arg(n, 0), n))
		},
		C: `
BAYES_FN bayes_real bayes_` + name + `(bayes_real x)
{
	return BAYES_M(` + name + `)(x);
}`}
}

func init() {
	for _, k := range []*library.Kernel{asinKernel, acosKernel, asinhKernel, acoshKernel, atanhKernel, sinhKernel, coshKernel,
		cbrtKernel, exp2Kernel, log2Kernel, tgammaKernel} {
		registerKernel(k)
	}
}
