package ir

import (
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

// LogSumExp is log Σ exp(x_i) over the vector x.
func (b *Builder) LogSumExp(x Value) Value {
	if b.ShapeOf(x).Kind == Scalar {
		return x
	}
	return b.ApplyAux(OpLogSumExp, b.ShapeOf(x).N, x)
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

var logSumExpRow = OpInfo{Name: "log_sum_exp", Arity: 1,
	Shape: func(g *Graph, n *Node) Shape {
		x := wantShape(g, n, 0, Vector)
		if n.Aux != x.N {
			Bailf("log_sum_exp: Aux %d is not the length %d", n.Aux, x.N)
		}
		return ScalarShape
	},
	// ∂/∂x_i = exp(x_i - lse(x)), the softmax
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		return b.Mul(adj, b.Exp(b.Sub(b.arg(n, 0), n)))
	},
	C: "$out[i] = bayes_log_sum_exp($0, $aux)"}

var logSumExp2Row = OpInfo{Name: "log_sum_exp2", Arity: 2, Elementwise: true, Commutative: true,
	Scalar: func(a, c, _, _ float64, _ int) float64 { return library.LogSumExp2(a, c) },
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		return b.Mul(adj, b.Exp(b.Sub(b.arg(n, i), n)))
	},
	C: "bayes_log_sum_exp2($0, $1)"}
