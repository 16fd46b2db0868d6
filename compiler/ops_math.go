package compiler

import "math"

// The function ops added for breadth (see "Ops added for distribution and
// function breadth" in ops.go): Stan's trigonometric and error functions,
// the stable log-space helpers log1m_exp and lbeta, and the vector
// reductions and scans prod, max, min and cumulative_sum (Stan Functions
// Reference, "Real-valued basic functions" and "Array operations"). The
// functions that are short compositions of existing ops (log1m, logit,
// log_diff_exp, lchoose, Phi_approx, fma, step, mean, variance, sd,
// softmax, log_softmax) are lowered as such in calls_breadth.go.

const (
	invSqrt2   = 0.70710678118654752440084436210484903928483593768847 // 1/√2
	invSqrtPi2 = 1.12837916709551257389615890312154517168810125865800 // 2/√π
	invSqrt2Pi = 0.39894228040143267793994605993438186847585863116493 // 1/√(2π)
	ln2        = 0.69314718055994530941723212145817656807550013436026 // log 2
)

// phi is the standard normal CDF Φ(x) = erfc(-x/√2)/2 (Abramowitz & Stegun
// 26.2.29), which keeps full relative accuracy in the lower tail where
// (1+erf(x/√2))/2 cancels; Φ(-Inf) = 0, Φ(+Inf) = 1, Φ(NaN) = NaN.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x*invSqrt2) }

// log1mExp is log(1 - exp(x)) for x <= 0: log(-expm1(x)) for x > -log 2,
// else log1p(-exp(x)) (Mächler 2012, "Accurately computing
// log(1-exp(-|a|))", eq. 7). log1mExp(0) = -Inf; x > 0 gives NaN.
func log1mExp(x float64) float64 {
	if x > -ln2 {
		return math.Log(-math.Expm1(x))
	}
	return math.Log1p(-math.Exp(x))
}

// lbeta is log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a+b) for a, b > 0.
// When the larger argument is 10 or more the sum of lgammas cancels badly,
// so, as Stan's lbeta does, the lgammas of the large arguments are written
// with Stirling's series lgamma(z) = (z-1/2) log z - z + log(2π)/2 + δ(z)
// and the large terms are combined analytically: with x <= y,
//
//	y >= 10, x < 10:  lgamma(x) + (y-1/2) log1p(-x/(x+y)) + x (1 - log(x+y)) + δ(y) - δ(x+y)
//	x >= 10:          log(2π)/2 - log(y)/2 + (x-1/2) log(x/(x+y)) + y log1p(-x/(x+y)) + δ(x) + δ(y) - δ(x+y)
//
// Special cases: lbeta(0, b) = +Inf for b > 0; NaN arguments or negative
// ones give NaN.
func lbeta(a, b float64) float64 {
	x, y := math.Min(a, b), math.Max(a, b)
	switch {
	case math.IsNaN(a) || math.IsNaN(b) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(1)
	case math.IsInf(y, 1):
		return math.Inf(-1)
	case y < 10:
		return lgamma(x) + lgamma(y) - lgamma(x+y)
	}
	xy := x + y
	if x < 10 {
		return lgamma(x) + (y-0.5)*math.Log1p(-x/xy) + x*(1-math.Log(xy)) +
			stirlingDiff(y) - stirlingDiff(xy)
	}
	return halfLog2Pi - 0.5*math.Log(y) + (x-0.5)*math.Log(x/xy) + y*math.Log1p(-x/xy) +
		stirlingDiff(x) + stirlingDiff(y) - stirlingDiff(xy)
}

// stirlingDiff is δ(z) = lgamma(z) - [(z-1/2) log z - z + log(2π)/2] for
// z >= 10, from Stirling's series Σ B_2k / (2k(2k-1) z^(2k-1)) (Abramowitz &
// Stegun 6.1.40), seven terms: the first omitted one is below 1e-16 at z = 10.
func stirlingDiff(z float64) float64 {
	w := 1 / (z * z)
	s := 1.0 / 12
	s += w * (-1.0/360 + w*(1.0/1260+w*(-1.0/1680+w*(1.0/1188+w*(-691.0/360360+w*(1.0/156))))))
	return s / z
}

// lchoose is log C(n, k) = -log1p(n) - lbeta(n-k+1, k+1) (Stan's
// binomial_coefficient_log), accurate where the three lgammas cancel;
// exactly 0 at k = 0 and k = n, as Stan's.
func lchoose(n, k float64) float64 {
	if k == 0 || k == n {
		return 0
	}
	return -math.Log1p(n) - lbeta(n-k+1, k+1)
}

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
		return b.Mul(b.Const(invSqrtPi2), b.Exp(b.Neg(b.Square(x))))
	})
	erfcRow = unary("erfc", math.Erfc, "erfc($0)", func(b *Builder, n, x Value) Value {
		return b.Mul(b.Const(-invSqrtPi2), b.Exp(b.Neg(b.Square(x))))
	})
	// Φ' is the normal density exp(-x²/2)/√(2π)
	phiRow = unary("Phi", phi, "(0.5 * erfc(-($0) * M_SQRT1_2))", func(b *Builder, n, x Value) Value {
		return b.Mul(b.Const(invSqrt2Pi), b.Exp(b.Mul(b.Const(-0.5), b.Square(x))))
	})
	// d/dx log(1-e^x) = -e^x/(1-e^x) = -1/expm1(-x)
	log1mExpRow = unary("log1m_exp", log1mExp, "($0 > -M_LN2 ? log(-expm1($0)) : log1p(-exp($0)))",
		func(b *Builder, n, x Value) Value {
			return b.Neg(b.Inv(b.Apply(OpExpm1, b.Neg(x))))
		})
	// ∂/∂a log B(a, b) = ψ(a) - ψ(a+b), and symmetrically for b
	lbetaRow = OpInfo{Name: "lbeta", Arity: 2, Elementwise: true, Commutative: true,
		Scalar: func(a, c, _, _ float64, _ int) float64 { return lbeta(a, c) },
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			x, y := b.arg(n, 0), b.arg(n, 1)
			return b.Mul(adj, b.Sub(b.Apply(OpDigamma, b.arg(n, i)), b.Apply(OpDigamma, b.Add(x, y))))
		},
		C: "bayes_lbeta($0, $1)"}

	// prod: ∂/∂x_i Π x = Π x / x_i. Like Stan's prod, this divides, so an
	// element exactly 0 gives a NaN partial.
	prodRow = OpInfo{Name: "prod", Arity: 1, Loop: loopProd, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Div(n, b.arg(n, 0)))
		},
		C: "$out = (i == 0 ? 1.0 : $out) * $0[i]"}
	// max and min: the adjoint goes to the elements equal to the result
	// (x_i == max), the subgradient Stan uses; ties, which have probability
	// zero for continuous parameters, each get the full adjoint.
	maxRow = OpInfo{Name: "max", Arity: 1, Loop: loopMax, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Apply(OpEq, b.arg(n, 0), n))
		},
		C: "$out = (i == 0 || (!($0[i] <= $out) && $out == $out)) ? $0[i] : $out"}
	minRow = OpInfo{Name: "min", Arity: 1, Loop: loopMin, Shape: reductionShape,
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, b.Apply(OpEq, b.arg(n, 0), n))
		},
		C: "$out = (i == 0 || (!($0[i] >= $out) && $out == $out)) ? $0[i] : $out"}
	// cumulative_sum: y_i = Σ_{j<=i} x_j, so x̄_j = Σ_{i>=j} ȳ_i, the reverse
	// cumulative sum, written as sum(ȳ) - cumulative_sum(ȳ) + ȳ.
	cumSumRow = OpInfo{Name: "cumulative_sum", Arity: 1, Loop: loopCumSum,
		Shape: func(g *Graph, n *Node) Shape { return wantShape(g, n, 0, Vector) },
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			N := b.shapeOf(adj).N
			return b.Add(b.Sub(b.Bcast(b.Sum(adj), N), b.Apply(OpCumSum, adj)), adj)
		},
		C: "$out[i] = (i == 0 ? 0.0 : $out[i-1]) + $0[i]"}
)

func reductionShape(g *Graph, n *Node) Shape {
	wantShape(g, n, 0, Vector)
	return ScalarShape
}

// The reductions and the scan read their argument whole (streamed in
// simplify.go), so each loop sees the full vector whatever the block.

func loopProd(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	p := 1.0
	for _, v := range a[0] {
		p *= v
	}
	d[0] = p
}

// loopMax returns NaN if any element is NaN, as Stan's max does.
func loopMax(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	m := math.Inf(-1)
	for _, v := range a[0] {
		if !(v <= m) {
			m = v
		}
		if math.IsNaN(v) {
			break
		}
	}
	d[0] = m
}

func loopMin(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	m := math.Inf(1)
	for _, v := range a[0] {
		if !(v >= m) {
			m = v
		}
		if math.IsNaN(v) {
			break
		}
	}
	d[0] = m
}

// loopCumSum writes elements lo..lo+len(d) of the running sum; a block
// after the first adds the elements before it first (no carry is kept
// between blocks, so a Kernel stays reentrant block by block).
func loopCumSum(d []float64, a *[maxSlots][]float64, _ *instr, lo int) {
	x := a[0]
	s := 0.0
	for _, v := range x[:lo] {
		s += v
	}
	for j := range d {
		s += x[lo+j]
		d[j] = s
	}
}
