package ir

// Extern ops: a vector function that the IR does not spell out, computed
// by Go code the lowering supplies (the solution of an ODE at its output
// times), together with its Jacobian. The node's value is f(x) followed by
// ∂f/∂x; Builder.Extern returns the gather of f(x), and the adjoint of
// the node is Jᵀ adj built from its Jacobian part with gather, multiply
// and scatter-add, so reverse mode needs nothing new. The CPU kernel runs
// the function (package kernel); the C emitter refuses it.

// Extern is a function computed outside the IR. Eval is called from many
// chains at once and must be safe for that.
type Extern interface {
	// Name is what messages call it (the Stan function: ode_rk45).
	Name() string
	// In and Out are the lengths of x and f(x).
	In() int
	Out() int
	// Eval writes f(x) into out[:Out] and ∂f_i/∂x_j into out[Out+i*In+j];
	// where f cannot be computed (an ODE solver's failure) it writes NaN,
	// so that the log density is NaN and the sampler rejects the point.
	Eval(x, out []float64)
}

// Extern returns f(x) for the function e of the vector x, built as an
// OpExtern node (Aux indexes Graph.Externs) and the gather of its value part.
func (b *Builder) Extern(e Extern, x Value) Value {
	if s := b.ShapeOf(x); s.Kind != Vector || s.N != e.In() {
		Bailf("%s: argument is %s, want vector[%d]", e.Name(), s, e.In())
	}
	b.G.Externs = append(b.G.Externs, e)
	n := b.ApplyAux(OpExtern, len(b.G.Externs)-1, x)
	idx := make([]int, e.Out())
	for i := range idx {
		idx[i] = i
	}
	return b.Gather(n, b.Index(idx, b.ShapeOf(n).N))
}

// externArg is the Extern of node n.
func externArg(g *Graph, n *Node) Extern {
	if n.Aux < 0 || n.Aux >= len(g.Externs) {
		Bailf("extern: no function %d", n.Aux)
	}
	return g.Externs[n.Aux]
}

var externRow = OpInfo{Name: "extern", Arity: 1,
	Shape: func(g *Graph, n *Node) Shape {
		e := externArg(g, n)
		if x := wantShape(g, n, 0, Vector); x.N != e.In() {
			Bailf("extern %s: argument vector[%d], want vector[%d]", e.Name(), x.N, e.In())
		}
		return VectorShape(e.Out() * (1 + e.In()))
	},
	// (Jᵀ u)_j = Σ_i J_ij u_i with u = adj[:Out]: the Jacobian part times
	// u repeated along each row, scatter-added by column.
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		e := externArg(b.G, b.G.Node(n))
		in, out := e.In(), e.Out()
		L := b.ShapeOf(n).N
		jac := make([]int, out*in)
		rep := make([]int, out*in)
		col := make([]int, out*in)
		for r := 0; r < out; r++ {
			for c := 0; c < in; c++ {
				k := r*in + c
				jac[k], rep[k], col[k] = out+k, r, c
			}
		}
		prod := b.Mul(b.Gather(n, b.Index(jac, L)), b.Gather(adj, b.Index(rep, L)))
		return b.ScatterAdd(prod, b.Index(col, in))
	},
	C: "/* not emitted, package emit refuses it: $0 */"}
