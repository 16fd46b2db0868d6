package ir

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The function ops added for breadth (see "Ops added for distribution and
// function breadth" in ops.go): Stan's trigonometric and error functions,
// the stable log-space helpers log1m_exp and lbeta, and the vector
// reductions and scans prod, max, min and cumulative_sum (Stan Functions
// Reference, "Real-valued basic functions" and "Array operations"). The
// functions that are short compositions of existing ops (log1m, logit,
// log_diff_exp, lchoose, Phi_approx, fma, step, mean, variance, sd,
// softmax, log_softmax) are the library's formulas over these ops (package
// library, a file each), which the compiler builds as such.

// The rows, wired into opTable by ops.go.
var (
	sinRow = unary("sin", math.Sin, "sin($0)", func(b *Builder, n, x Value) Value {
		return b.Apply(OpCos, x)
	})
	cosRow = unary("cos", math.Cos, "cos($0)", func(b *Builder, n, x Value) Value {
		return b.Neg(b.Apply(OpSin, x))
	})
	// tan' = 1 + tan²
	tanRow = unary("tan", math.Tan, "tan($0)", func(b *Builder, n, x Value) Value {
		return b.Add(b.Const(1), b.Square(n))
	})
	atanRow = unary("atan", math.Atan, "atan($0)", func(b *Builder, n, x Value) Value {
		return b.Inv(b.Add(b.Const(1), b.Square(x)))
	})
	// erf' = 2/√π exp(-x²), erfc' = -erf'
	erfRow = unary("erf", math.Erf, "erf($0)", func(b *Builder, n, x Value) Value {
		return b.Mul(b.Const(library.InvSqrtPi2), b.Exp(b.Neg(b.Square(x))))
	})
	erfcRow = unary("erfc", math.Erfc, "erfc($0)", func(b *Builder, n, x Value) Value {
		return b.Mul(b.Const(-library.InvSqrtPi2), b.Exp(b.Neg(b.Square(x))))
	})
	// Φ' is the normal density exp(-x²/2)/√(2π)
	phiRow = unary("Phi", library.Phi, "(0.5 * erfc(-($0) * M_SQRT1_2))", func(b *Builder, n, x Value) Value {
		return b.Mul(b.Const(library.InvSqrt2Pi), b.Exp(b.Mul(b.Const(-0.5), b.Square(x))))
	})
	// d/dx log(1-e^x) = -e^x/(1-e^x) = -1/expm1(-x)
	log1mExpRow = unary("log1m_exp", library.Log1mExp, "($0 > -M_LN2 ? log(-expm1($0)) : log1p(-exp($0)))",
		func(b *Builder, n, x Value) Value {
			return b.Neg(b.Inv(b.Apply(OpExpm1, b.Neg(x))))
		})
	// ∂/∂a log B(a, b) = ψ(a) - ψ(a+b), and symmetrically for b
	lbetaRow = OpInfo{Name: "lbeta", Arity: 2, Elementwise: true, Commutative: true,
		Scalar: func(a, c, _, _ float64, _ int) float64 { return library.Lbeta(a, c) },
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			x, y := b.arg(n, 0), b.arg(n, 1)
			return b.Mul(adj, b.Sub(b.Apply(OpDigamma, b.arg(n, i)), b.Apply(OpDigamma, b.Add(x, y))))
		},
		C: "bayes_lbeta($0, $1)"}

	// prod: ∂/∂x_i Π x = Π x / x_i. Like Stan's prod, this divides, so an
	// element exactly 0 gives a NaN partial.
	prodRow = OpInfo{Name: "prod", Arity: 1, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Div(n, b.arg(n, 0)))
		},
		C: "$out = (i == 0 ? 1.0 : $out) * $0[i]"}
	// max and min: the adjoint goes to the elements equal to the result
	// (x_i == max), the subgradient Stan uses; ties, which have probability
	// zero for continuous parameters, each get the full adjoint.
	maxRow = OpInfo{Name: "max", Arity: 1, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Apply(OpEq, b.arg(n, 0), n))
		},
		C: "$out = (i == 0 || (!($0[i] <= $out) && $out == $out)) ? $0[i] : $out"}
	minRow = OpInfo{Name: "min", Arity: 1, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Apply(OpEq, b.arg(n, 0), n))
		},
		C: "$out = (i == 0 || (!($0[i] >= $out) && $out == $out)) ? $0[i] : $out"}
	// cumulative_sum: y_i = Σ_{j<=i} x_j, so x̄_j = Σ_{i>=j} ȳ_i, the reverse
	// cumulative sum, written as sum(ȳ) - cumulative_sum(ȳ) + ȳ.
	cumSumRow = OpInfo{Name: "cumulative_sum", Arity: 1,
		Shape: func(g *Graph, n *Node) Shape { return wantShape(g, n, 0, Vector) },
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			N := b.ShapeOf(adj).N
			return b.Add(b.Sub(b.Bcast(b.Sum(adj), N), b.Apply(OpCumSum, adj)), adj)
		},
		C: "$out[i] = (i == 0 ? 0.0 : $out[i-1]) + $0[i]"}
)

func reductionShape(g *Graph, n *Node) Shape {
	wantShape(g, n, 0, Vector)
	return ScalarShape
}
