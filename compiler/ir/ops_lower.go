package ir

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The op rows that the lowering pass added (see "Ops added by the lowering"
// in ops.go): element extraction and packing, which let a model hold an
// aggregate that it fills element by element (`err[t] = ...`) as scalar
// nodes and use it whole, and the log-sum-exp reductions of mixtures and
// hidden Markov models (Stan Functions Reference, "Composed functions",
// log_sum_exp and log_mix).

// Elem is x[i] (0-based) of the vector x.
func (b *Builder) Elem(x Value, i int) Value {
	if b.ShapeOf(x).Kind == Scalar && i == 0 {
		return x
	}
	return b.ApplyAux(OpElem, i, x)
}

// Concat is x followed by y; each is a scalar or a vector.
func (b *Builder) Concat(x, y Value) Value {
	return b.ApplyAux(OpConcat, b.ShapeOf(x).Len(), x, y)
}

// Pack returns the scalars xs as one vector, built as a balanced tree of
// concatenations (each element is copied log2(len) times).
func (b *Builder) Pack(xs []Value) Value {
	switch len(xs) {
	case 0:
		Bailf("pack of no values")
	case 1:
		if b.ShapeOf(xs[0]).Kind == Scalar {
			return b.Bcast(xs[0], 1)
		}
		return xs[0]
	}
	return b.pack(xs)
}

func (b *Builder) pack(xs []Value) Value {
	if len(xs) == 1 {
		return xs[0]
	}
	h := len(xs) / 2
	return b.Concat(b.pack(xs[:h]), b.pack(xs[h:]))
}

// LogSumExp is log Σ exp(x_i) over the vector x, in the stable form
// c + log Σ exp(x_i - c) with the shift c = x_0 or max x_i (LseShift). The value
// does not depend on c, so c is held out of AD, and the gradient
// exp(x_i - c) / Σ_j exp(x_j - c) reuses the forward pass's exponentials:
// one exp per element for value and gradient, where an op whose adjoint
// is exp(x_i - lse) pays two.
func (b *Builder) LogSumExp(x Value) Value {
	if b.ShapeOf(x).Kind == Scalar {
		return x
	}
	c, e := b.shiftedExp(x)
	return b.Add(c, b.Log(b.Sum(e)))
}

// Softmax is exp(x_i) / Σ_j exp(x_j) of the vector x, as
// exp(x_i - c) · (1 / Σ_j exp(x_j - c)) with LogSumExp's shift c. Stan
// Math (prim/fun/softmax.hpp) divides each element; the product with one
// reciprocal is within an ulp of that and makes the gradient division
// free: the adjoint of e · r is adj · r and Σ adj · e, where that of
// e / s was adj / s and Σ adj · e / s², a division per element each.
func (b *Builder) Softmax(x Value) Value {
	_, e := b.shiftedExp(x)
	return b.Mul(e, b.Inv(b.Sum(e)))
}

// shiftedExp returns the shift c of the vector x and exp(x - c).
func (b *Builder) shiftedExp(x Value) (c, e Value) {
	c = b.ApplyAux(OpLseShift, b.ShapeOf(x).N, x)
	return c, b.Apply(OpExpSub, x, c)
}

var elemRow = OpInfo{Name: "elem", Arity: 1,
	Shape: func(g *Graph, n *Node) Shape {
		x := wantShape(g, n, 0, Vector)
		if n.Aux < 0 || n.Aux >= x.N {
			Bailf("elem: index %d outside vector[%d]", n.Aux, x.N)
		}
		return ScalarShape
	},
	// the adjoint of x[i] is adj placed at i: a scatter-add of one element
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		nd := b.G.Node(n)
		return b.ScatterAdd(b.Bcast(adj, 1), b.Index([]int{nd.Aux}, b.ShapeOf(nd.Args[0]).N))
	},
	C: "$out[i] = $0[$aux + i]"}

var concatRow = OpInfo{Name: "concat", Arity: 2,
	Shape: func(g *Graph, n *Node) Shape {
		x, y := g.Nodes[n.Args[0]].Shape, g.Nodes[n.Args[1]].Shape
		if x.Kind == Matrix || y.Kind == Matrix {
			Bailf("concat: matrix argument")
		}
		if n.Aux != x.Len() {
			Bailf("concat: Aux %d is not the length %d of its first argument", n.Aux, x.Len())
		}
		return VectorShape(x.Len() + y.Len())
	},
	// each part's adjoint is its slice of adj
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		nd := b.G.Node(n)
		off, part := 0, b.ShapeOf(nd.Args[i])
		if i == 1 {
			off = nd.Aux
		}
		if part.Kind == Scalar {
			return b.Elem(adj, off)
		}
		idx := make([]int, part.N)
		for j := range idx {
			idx[j] = off + j
		}
		return b.Gather(adj, b.Index(idx, nd.Shape.N))
	},
	C: "$out[i] = i < $aux ? $0[i] : $1[i - $aux]"}

// lseShiftRow is the shift c of a stable log-sum-exp of x
// (library.LseShift): x_0 where no element lies more than 64 above it,
// else max x_i, or 0 when that is ±Inf (x holds +Inf, or nothing but
// -Inf, or nothing), so that x_i - c stays a number where it can. NaN elements are skipped: they
// reach the result through their exponential. HeldOut: log Σ exp(x_i - c)
// + c does not depend on c, so no adjoint flows through it.
var lseShiftRow = OpInfo{Name: "lse_shift", Arity: 1, HeldOut: true,
	Shape: func(g *Graph, n *Node) Shape {
		x := wantShape(g, n, 0, Vector)
		if n.Aux != x.N {
			Bailf("lse_shift: Aux %d is not the length %d", n.Aux, x.N)
		}
		return ScalarShape
	},
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value { return NoValue },
	C:       "$out[i] = bayes_lse_shift($0, $aux)"}

// expSubRow is exp(a - c), elementwise: the shifted exponentials of a
// stable log-sum-exp in one loop over x, not a subtraction and then an exp.
var expSubRow = OpInfo{Name: "exp_sub", Arity: 2, Elementwise: true,
	Scalar: func(a, c, _, _ float64, _ int) float64 { return math.Exp(a - c) },
	// ∂/∂a = exp(a - c), ∂/∂c = -exp(a - c): the node itself
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		if i == 1 {
			return b.Neg(b.Mul(adj, n))
		}
		return b.Mul(adj, n)
	},
	C: "exp($0 - $1)"}

var logSumExp2Row = OpInfo{Name: "log_sum_exp2", Arity: 2, Elementwise: true, Commutative: true,
	Scalar: func(a, c, _, _ float64, _ int) float64 { return library.LogSumExp2(a, c) },
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		return b.Mul(adj, b.Exp(b.Sub(b.arg(n, i), n)))
	},
	C: "bayes_log_sum_exp2($0, $1)"}
